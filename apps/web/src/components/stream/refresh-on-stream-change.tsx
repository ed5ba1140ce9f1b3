"use client";

import type { StreamStatus } from "@onair/db";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { useStreamEvents } from "./stream-events";

/**
 * Renders the page on the server again when the live status or title differs from the ones it
 * was rendered with (going live swaps the placeholder for the player; ending closes chat).
 */
export function RefreshOnStreamChange({ status, title }: { status: StreamStatus; title: string }) {
  const router = useRouter();
  const live = useStreamEvents();
  useEffect(() => {
    if (live.status !== status || live.title !== title) router.refresh();
  }, [live.status, live.title, status, title, router]);
  return null;
}
