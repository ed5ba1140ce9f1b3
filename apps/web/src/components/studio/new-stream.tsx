"use client";

import Link from "next/link";
import { useInBrowser } from "./local-time";
import { StreamDetailsForm } from "./stream-details-form";
import type { StudioCapabilities } from "./types";

/** /studio/new: the form, drawn in the browser (the schedule uses the viewer's time zone). */
export function NewStream({ capabilities }: { capabilities: StudioCapabilities }) {
  const inBrowser = useInBrowser();
  return (
    <div className="studio studio-new">
      <p className="studio-back">
        <Link href="/studio">← Studio</Link>
      </p>
      <h1>New stream</h1>
      <section className="studio-panel">
        {inBrowser ? <StreamDetailsForm mode="create" capabilities={capabilities} /> : <p className="muted">Loading…</p>}
      </section>
    </div>
  );
}
