import Link from "next/link";

export default function ChannelNotFound() {
  return (
    <div className="centered-card">
      <h1>Channel not found</h1>
      <p className="muted">Nobody has that username.</p>
      <Link href="/">See all streams</Link>
    </div>
  );
}
