"use client";

import { useEffect, useRef } from "react";
import type { MediaEvent } from "./player-state";
import type { TimeListener } from "./types";
import { playMuted, useVideoMedia } from "./use-video-media";
import { VideoSurface } from "./video-surface";

export const HLS_FAILED = "This HLS stream could not be loaded.";
const HLS_UNSUPPORTED = "This browser cannot play HLS streams.";
const RECONNECTING = "The HLS stream's connection dropped; trying again.";
const MAX_NETWORK_RETRIES = 6;
const MAX_MEDIA_RECOVERIES = 2;
const RETRY_DELAY_MS = 1500;

/**
 * An HLS stream (live) or VOD playlist (replay) with hls.js where the browser has Media Source
 * Extensions, else the browser's own HLS (Safari, iOS). A dropped connection is retried a few
 * times (reconnecting), a media error recovered twice, anything else is the end (unavailable).
 */
export function HlsPlayer(props: {
  url: string;
  live: boolean;
  title: string;
  report: (event: MediaEvent) => void;
  onTime?: TimeListener;
}) {
  const { url, live, report } = props;
  const videoRef = useRef<HTMLVideoElement>(null);
  useVideoMedia(videoRef, { report, onTime: props.onTime, watchStalls: live });

  useEffect(() => {
    const video = videoRef.current;
    if (!video) return;
    let cancelled = false;
    let destroy = () => {};
    report({ type: "load" });

    import("hls.js")
      .then(({ default: Hls }) => {
        if (cancelled) return;
        if (!Hls.isSupported()) {
          if (video.canPlayType("application/vnd.apple.mpegurl")) {
            const onError = () => report({ type: "fail", reason: HLS_FAILED });
            video.addEventListener("error", onError);
            video.src = url;
            playMuted(video);
            destroy = () => video.removeEventListener("error", onError);
          } else {
            report({ type: "fail", reason: HLS_UNSUPPORTED });
          }
          return;
        }
        const hls = new Hls({ lowLatencyMode: true });
        let networkRetries = 0;
        let mediaRecoveries = 0;
        let retryTimer: number | undefined;
        hls.on(Hls.Events.FRAG_BUFFERED, () => {
          // Back after a retry: the video may never have stopped (no "playing" event), so say so here.
          if (networkRetries > 0) report({ type: "playing" });
          networkRetries = 0;
        });
        hls.on(Hls.Events.ERROR, (_event, data) => {
          if (!data.fatal) return;
          if (data.type === Hls.ErrorTypes.NETWORK_ERROR && networkRetries < MAX_NETWORK_RETRIES) {
            networkRetries += 1;
            report({ type: "stall", reason: RECONNECTING });
            retryTimer = window.setTimeout(() => hls.startLoad(), RETRY_DELAY_MS * networkRetries);
          } else if (data.type === Hls.ErrorTypes.MEDIA_ERROR && mediaRecoveries < MAX_MEDIA_RECOVERIES) {
            mediaRecoveries += 1;
            hls.recoverMediaError();
          } else {
            report({ type: "fail", reason: HLS_FAILED });
            hls.destroy();
          }
        });
        hls.loadSource(url);
        hls.attachMedia(video);
        playMuted(video);
        destroy = () => {
          window.clearTimeout(retryTimer);
          hls.destroy();
        };
      })
      .catch(() => {
        if (!cancelled) report({ type: "fail", reason: HLS_FAILED });
      });

    return () => {
      cancelled = true;
      destroy();
      video.removeAttribute("src");
      video.load();
    };
  }, [url, report]);

  return <VideoSurface videoRef={videoRef} title={props.title} />;
}
