import type { Metadata } from "next";
import { forbidden, redirect } from "next/navigation";
import { AdminPanel } from "~/components/admin/admin-panel";
import { serverApi } from "~/server/services";
import "~/components/mod/mod.css";

export const metadata: Metadata = { title: "Admin" };
export const dynamic = "force-dynamic";

export default async function AdminPage() {
  const api = await serverApi();
  const me = await api.account.me();
  if (!me) redirect(`/signin?callbackUrl=${encodeURIComponent("/admin")}`);
  // 403 with admin/forbidden.tsx: signed in, but not an admin.
  if (me.role !== "ADMIN") forbidden();
  const [users, log] = await Promise.all([api.admin.users({ limit: 25 }), api.admin.log({ limit: 25 })]);
  return <AdminPanel me={{ id: me.id }} initialUsers={users} initialLog={log} />;
}
