import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AdminPanel } from "~/components/mod/admin-panel";
import { serverApi } from "~/server/services";
import "~/components/mod/mod.css";

export const metadata: Metadata = { title: "Admin" };
export const dynamic = "force-dynamic";

export default async function AdminPage() {
  const api = await serverApi();
  const me = await api.account.me();
  if (!me) redirect(`/signin?callbackUrl=${encodeURIComponent("/admin")}`);
  if (me.role !== "ADMIN") {
    return (
      <div className="centered-card" data-testid="admin-forbidden">
        <h1>403 — Admins only</h1>
        <p className="muted">This page manages roles and site-wide bans, so only OnAir admins can open it.</p>
        <p>
          <Link href="/">Back to streams</Link> · <Link href="/mod">Streams you moderate</Link>
        </p>
      </div>
    );
  }
  const [users, log] = await Promise.all([api.admin.users({ limit: 25 }), api.admin.log({ limit: 25 })]);
  return <AdminPanel me={{ id: me.id }} initialUsers={users} initialLog={log} />;
}
