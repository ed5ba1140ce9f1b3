import { redirect } from "next/navigation";

/** The only settings so far are the notifications'. */
export default function SettingsPage() {
  redirect("/settings/notifications");
}
