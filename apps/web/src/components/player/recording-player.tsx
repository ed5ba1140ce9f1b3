"use client";

import { useEffect, useRef, useState } from "react";
import type { MediaEvent } from "./player-state";
import type { TimeListener } from "./types";
import { playMuted, useVideoMedia } from "./use-video-media";
import { VideoSurface } from "./video-surface";

const RECORDING_FAILED = "The recording could not be loaded from the media server.";

export interface RecordingPart {
  url: string;
  startedAt: Date;
  /** Where the public replay starts in this part (what came before was the owner's private preview). */
  fromSeconds: number;
}

/**
 * The replay of an ingest stream: its recordings (one per encoder session) played in order, the
 * next one when a part ends. The wall clock of a moment is the part's first frame plus its time.
 */
export function RecordingPlayer(props: {
  parts: RecordingPart[];
  title: string;
  report: (event: MediaEvent) => void;
  onTime?: TimeListener;
}) {
  const { parts, report } = props;
  const videoRef = useRef<HTMLVideoElement>(null);
  const [index, setIndex] = useState(0);
  const part = parts[index];

  useVideoMedia(videoRef, {
    report,
    onTime: props.onTime,
    wallClockAt: (seconds) => new Date((part?.startedAt.getTime() ?? 0) + seconds * 1000),
    watchStalls: false,
    errorReason: RECORDING_FAILED,
    onEnded: () => (index + 1 < parts.length ? setIndex(index + 1) : report({ type: "finish" })),
  });

  // Never before the part's public start, however the viewer seeks.
  const fromSeconds = part?.fromSeconds ?? 0;
  useEffect(() => {
    const video = videoRef.current;
    if (!video || fromSeconds <= 0) return;
    const clamp = () => {
      if (video.currentTime < fromSeconds) video.currentTime = fromSeconds;
    };
    video.addEventListener("loadedmetadata", clamp);
    video.addEventListener("seeking", clamp);
    return () => {
      video.removeEventListener("loadedmetadata", clamp);
      video.removeEventListener("seeking", clamp);
    };
  }, [fromSeconds]);

  const partUrl = part?.url;
  useEffect(() => {
    const video = videoRef.current;
    if (!video || !partUrl) return;
    video.src = partUrl;
    if (index === 0) {
      report({ type: "load" });
      playMuted(video);
    } else {
      // The next part keeps whatever sound the viewer chose.
      video.play().catch(() => undefined);
    }
  }, [partUrl, index, report]);

  return (
    <>
      <VideoSurface videoRef={videoRef} title={props.title} />
      {parts.length > 1 ? (
        <p className="player-part muted">
          Part {index + 1} of {parts.length}
        </p>
      ) : null}
    </>
  );
}
