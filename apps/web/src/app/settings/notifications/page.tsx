import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { NotificationPreferences } from "~/components/notifications/notification-preferences";
import { PushSettings } from "~/components/notifications/push-settings";
import { serverApi } from "~/server/services";
import { getQueryClient, HydrateClient, trpc } from "~/trpc/server";
import "~/components/notifications/notifications.css";

export const metadata: Metadata = { title: "Notification settings" };
export const dynamic = "force-dynamic";

export default async function NotificationSettingsPage() {
  const api = await serverApi();
  const me = await api.account.me();
  if (!me) redirect(`/signin?callbackUrl=${encodeURIComponent("/settings/notifications")}`);

  const queryClient = getQueryClient();
  await Promise.all([
    queryClient.prefetchQuery(trpc.notifications.preferences.queryOptions()),
    queryClient.prefetchQuery(trpc.push.publicKey.queryOptions()),
    queryClient.prefetchQuery(trpc.push.subscriptions.queryOptions()),
  ]);
  return (
    <HydrateClient>
      <div className="notify-settings">
        <h1>Notification settings</h1>
        <NotificationPreferences />
        <PushSettings />
      </div>
    </HydrateClient>
  );
}
