import Link from "next/link";

export default function StreamNotFound() {
  return (
    <div className="centered-card">
      <h1>Stream not found</h1>
      <p className="muted">There is no stream at this address.</p>
      <Link href="/">See all streams</Link>
    </div>
  );
}
