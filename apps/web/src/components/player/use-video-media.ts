"use client";

import { useEffect, useRef, type RefObject } from "react";
import { checkStall, type MediaEvent, type StallWatch } from "./player-state";
import type { TimeListener } from "./types";

export const STALL_REASON = "The video stopped arriving; reconnecting.";

interface VideoMediaOptions {
  report: (event: MediaEvent) => void;
  onTime?: TimeListener;
  /** The wall clock at a media time, when the source knows it (recordings). */
  wallClockAt?: (seconds: number) => Date;
  /** Live sources: poll the media time and report a stall when it stands still while playing. */
  watchStalls: boolean;
  onStall?: () => void;
  /** What to report when the element itself fails (sources the element plays directly); undefined when a library handles errors. */
  errorReason?: string;
  /** What the element's `ended` means; default: the media finished. */
  onEnded?: () => void;
}

/** Reports a <video>'s progress to the player: playing, time, stalls, errors and its end. */
export function useVideoMedia(videoRef: RefObject<HTMLVideoElement | null>, options: VideoMediaOptions) {
  const latest = useRef(options);
  useEffect(() => {
    latest.current = options;
  });

  useEffect(() => {
    const video = videoRef.current;
    if (!video) return;
    let stalled = false;
    let watch: StallWatch = { time: video.currentTime, movedAt: Date.now() };

    const onPlaying = () => {
      stalled = false;
      latest.current.report({ type: "playing" });
    };
    const onTime = () => {
      const { onTime: listener, wallClockAt } = latest.current;
      listener?.(video.currentTime, wallClockAt?.(video.currentTime));
    };
    const onEnded = () => (latest.current.onEnded ? latest.current.onEnded() : latest.current.report({ type: "finish" }));
    const onError = () => {
      const reason = latest.current.errorReason;
      if (reason) latest.current.report({ type: "fail", reason });
    };
    video.addEventListener("playing", onPlaying);
    video.addEventListener("timeupdate", onTime);
    video.addEventListener("seeked", onTime);
    video.addEventListener("ended", onEnded);
    video.addEventListener("error", onError);

    const timer = options.watchStalls
      ? window.setInterval(() => {
          // Only a video that is meant to be playing can stall; a paused one stands still on purpose.
          if (video.paused || video.ended || video.readyState === 0) {
            watch = { time: video.currentTime, movedAt: Date.now() };
            return;
          }
          const check = checkStall(watch, video.currentTime, Date.now());
          watch = check.watch;
          if (check.stalled && !stalled) {
            stalled = true;
            latest.current.report({ type: "stall", reason: STALL_REASON });
            latest.current.onStall?.();
          } else if (!check.stalled && stalled) {
            stalled = false;
            latest.current.report({ type: "playing" });
          }
        }, 1000)
      : undefined;

    return () => {
      window.clearInterval(timer);
      video.removeEventListener("playing", onPlaying);
      video.removeEventListener("timeupdate", onTime);
      video.removeEventListener("seeked", onTime);
      video.removeEventListener("ended", onEnded);
      video.removeEventListener("error", onError);
    };
  }, [videoRef, options.watchStalls]);
}

/** Starts muted playback (browsers allow autoplay only without sound); the Unmute button turns sound on. */
export function playMuted(video: HTMLVideoElement): void {
  video.muted = true;
  video.play().catch(() => {
    // Autoplay refused or interrupted by a new source: the controls still let the viewer start it.
  });
}
