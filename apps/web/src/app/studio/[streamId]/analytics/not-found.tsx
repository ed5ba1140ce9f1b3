import Link from "next/link";

export default function StreamAnalyticsNotFound() {
  return (
    <div className="centered-card" data-testid="analytics-not-found">
      <h1>Stream not found</h1>
      <p className="muted">There is no stream at this address: it may have been deleted.</p>
      <Link href="/studio">Your studio</Link>
    </div>
  );
}
