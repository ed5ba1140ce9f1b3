import Link from "next/link";

/** Any page that calls forbidden() without a forbidden.tsx of its own (HTTP 403). */
export default function Forbidden() {
  return (
    <div className="centered-card" data-testid="forbidden">
      <h1>403 — Not allowed</h1>
      <p className="muted">Your account cannot open this page.</p>
      <p>
        <Link href="/">Back to streams</Link>
      </p>
    </div>
  );
}
