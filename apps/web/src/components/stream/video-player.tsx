"use client";

import { useCallback } from "react";
import { hasReplay } from "~/components/player/player-state";
import { StreamPlayer } from "~/components/player/stream-player";
import type { StreamPlayback } from "~/components/player/types";
import { useReplayClock } from "~/components/replay/replay-clock";
import { useStreamEvents } from "./stream-events";

/**
 * The stream page's player: follows the live status and encoder state from the page's event
 * subscription; an ended stream with a replay plays it and moves the replay clock.
 */
export function VideoPlayer(props: {
  playback: StreamPlayback;
  title: string;
  thumbnailUrl: string | null;
  scheduledStartAt: Date | null;
  /** When the stream went live: the wall clock of a replay's second 0 (sources without their own clock). */
  startedAt: Date | null;
}) {
  const live = useStreamEvents();
  const { setWallClock } = useReplayClock();
  const replay = live.status === "ENDED" && hasReplay(props.playback);
  const startedAtMs = props.startedAt?.getTime() ?? null;
  const onTime = useCallback(
    (seconds: number, wallClock?: Date) => {
      if (wallClock) setWallClock(wallClock);
      else if (startedAtMs !== null) setWallClock(new Date(startedAtMs + seconds * 1000));
    },
    [setWallClock, startedAtMs],
  );
  return (
    <StreamPlayer
      playback={props.playback}
      status={live.status}
      sourceConnected={live.sourceConnected}
      title={live.title}
      thumbnailUrl={props.thumbnailUrl}
      scheduledStartAt={props.scheduledStartAt}
      mode={replay ? "replay" : "live"}
      onTime={replay ? onTime : undefined}
    />
  );
}
