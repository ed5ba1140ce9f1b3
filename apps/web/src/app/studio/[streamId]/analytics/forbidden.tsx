import Link from "next/link";

/** Signed in, but not allowed to see this stream's numbers (HTTP 403). */
export default function StreamAnalyticsForbidden() {
  return (
    <div className="centered-card" data-testid="analytics-forbidden">
      <h1>These numbers are not yours to see</h1>
      <p className="muted">A stream&apos;s analytics are for its owner and admins, and for its moderators when the owner allows it.</p>
      <Link href="/studio">Your studio</Link>
    </div>
  );
}
