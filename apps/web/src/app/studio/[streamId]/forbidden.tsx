import Link from "next/link";

/** Another person's stream (HTTP 403): only its owner and admins manage it. */
export default function ManageStreamForbidden() {
  return (
    <div className="centered-card" data-testid="studio-forbidden">
      <h1>This is not your stream</h1>
      <p className="muted">Only a stream&apos;s owner can manage it in the studio.</p>
      <Link href="/studio">Your studio</Link>
    </div>
  );
}
