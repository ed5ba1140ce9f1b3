"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { MediaEvent } from "./player-state";
import type { TimeListener } from "./types";
import { playMuted, useVideoMedia } from "./use-video-media";
import { VideoSurface } from "./video-surface";
import { LIVE_FLV_PLAYER_CONFIG } from "./flv-config";

const CONNECTION_DROPPED = "The live video connection dropped; reconnecting.";
const FLV_FAILED = "The live video could not be loaded from the media server.";
const FLV_UNSUPPORTED = "This browser cannot play low-latency live video (it has no Media Source Extensions).";
const RECONNECT_DELAY_MS = 2000;
/** Attempts in a row without a frame before the player gives up (the encoder is connected, yet nothing plays). */
const MAX_ATTEMPTS_WITHOUT_VIDEO = 10;

/**
 * OnAir's own ingest, live or the studio's preview: HTTP-FLV from the media server with mpegts.js,
 * tuned for low latency (no stash buffer, chase the live edge beyond 1.5 s). When the encoder goes
 * away the connection just stops delivering; the stall watch notices and the player is made
 * again (and the page unmounts it while the server says the source is gone).
 */
export function FlvPlayer(props: { url: string; title: string; report: (event: MediaEvent) => void; onTime?: TimeListener }) {
  const { url, report } = props;
  const videoRef = useRef<HTMLVideoElement>(null);
  const [attempt, setAttempt] = useState(0);
  const failures = useRef(0);
  const reconnectTimer = useRef<number | undefined>(undefined);

  const reconnect = useCallback(() => {
    if (reconnectTimer.current !== undefined) return;
    failures.current += 1;
    if (failures.current > MAX_ATTEMPTS_WITHOUT_VIDEO) {
      report({ type: "fail", reason: FLV_FAILED });
      return;
    }
    report({ type: "stall", reason: CONNECTION_DROPPED });
    reconnectTimer.current = window.setTimeout(() => {
      reconnectTimer.current = undefined;
      setAttempt((current) => current + 1);
    }, RECONNECT_DELAY_MS);
  }, [report]);

  useVideoMedia(videoRef, {
    report: (event) => {
      if (event.type === "playing") failures.current = 0;
      report(event);
    },
    onTime: props.onTime,
    watchStalls: true,
    onStall: reconnect,
    // The media server closes the connection when the encoder goes: the live stream has not ended, its connection has.
    onEnded: reconnect,
  });

  useEffect(() => () => window.clearTimeout(reconnectTimer.current), []);

  useEffect(() => {
    const video = videoRef.current;
    if (!video) return;
    let cancelled = false;
    let destroy = () => {};
    if (attempt === 0) report({ type: "load" });

    import("mpegts.js")
      .then(({ default: mpegts }) => {
        if (cancelled) return;
        if (!mpegts.getFeatureList().mseLivePlayback) {
          report({ type: "fail", reason: FLV_UNSUPPORTED });
          return;
        }
        const player = mpegts.createPlayer({ type: "flv", isLive: true, url }, LIVE_FLV_PLAYER_CONFIG);
        player.on(mpegts.Events.ERROR, reconnect);
        player.attachMediaElement(video);
        player.load();
        playMuted(video);
        destroy = () => {
          player.pause();
          player.unload();
          player.detachMediaElement();
          player.destroy();
        };
      })
      .catch(() => {
        if (!cancelled) report({ type: "fail", reason: FLV_FAILED });
      });

    return () => {
      cancelled = true;
      destroy();
    };
  }, [url, attempt, report, reconnect]);

  return <VideoSurface videoRef={videoRef} title={props.title} />;
}
