import Link from "next/link";

export default function ModerateStreamNotFound() {
  return (
    <div className="centered-card">
      <h1>Stream not found</h1>
      <p className="muted">There is no stream at this address, so there is nothing to moderate.</p>
      <Link href="/mod">Streams you moderate</Link>
    </div>
  );
}
