import Link from "next/link";

/** /admin for a signed-in person who is not an admin (HTTP 403). */
export default function AdminForbidden() {
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
