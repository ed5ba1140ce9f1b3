"use client";

import Link from "next/link";
import { useParams } from "next/navigation";

/** A stream's moderator dashboard for a signed-in person who does not moderate it (HTTP 403). */
export default function ModerateStreamForbidden() {
  const { slug } = useParams<{ slug: string }>();
  return (
    <div className="centered-card" data-testid="mod-forbidden">
      <h1>You don&apos;t moderate this stream</h1>
      <p className="muted">Only the stream&apos;s owner, its moderators and OnAir staff can open its moderator dashboard.</p>
      <p>
        <Link href={`/s/${encodeURIComponent(slug)}`}>Watch the stream</Link> · <Link href="/mod">Streams you moderate</Link>
      </p>
    </div>
  );
}
