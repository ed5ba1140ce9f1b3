import Link from "next/link";

export default function ManageStreamNotFound() {
  return (
    <div className="centered-card" data-testid="studio-not-found">
      <h1>Stream not found</h1>
      <p className="muted">There is no stream at this address: it may have been deleted.</p>
      <Link href="/studio">Your studio</Link>
    </div>
  );
}
