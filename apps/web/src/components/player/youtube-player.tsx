"use client";

import { useEffect, useRef } from "react";
import type { MediaEvent } from "./player-state";
import type { TimeListener } from "./types";
import { loadYouTubeIframeApi } from "./youtube-iframe-api";

const YOUTUBE_API_FAILED = "The YouTube player could not be loaded.";
const YOUTUBE_VIDEO_FAILED = "This YouTube video cannot be played here (it may be private, removed or not embeddable).";
const TIME_POLL_MS = 250;

function embedUrl(videoId: string): string {
  return `https://www.youtube-nocookie.com/embed/${encodeURIComponent(videoId)}?autoplay=1&mute=1&playsinline=1`;
}

/**
 * YouTube: live, a plain privacy-enhanced embed (YouTube shows its own states). Replay, the same
 * embed made by the IFrame API so the page can read the video's time for the chat replay.
 */
export function YouTubePlayer(props: {
  videoId: string;
  replay: boolean;
  title: string;
  report: (event: MediaEvent) => void;
  onTime?: TimeListener;
}) {
  const { videoId, replay, report } = props;

  useEffect(() => {
    // The embed reports nothing without the API; once it is on the page, it is the live picture.
    if (!replay) report({ type: "playing" });
  }, [replay, report]);

  if (!replay) {
    return (
      <iframe
        className="player"
        src={embedUrl(videoId)}
        title={props.title}
        allow="autoplay; encrypted-media; picture-in-picture; fullscreen"
        allowFullScreen
        referrerPolicy="strict-origin-when-cross-origin"
      />
    );
  }
  return <YouTubeReplay {...props} />;
}

function YouTubeReplay({ videoId, report, onTime }: { videoId: string; report: (event: MediaEvent) => void; onTime?: TimeListener }) {
  const hostRef = useRef<HTMLDivElement>(null);
  const onTimeRef = useRef(onTime);
  useEffect(() => {
    onTimeRef.current = onTime;
  });

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    let cancelled = false;
    let player: { destroy(): void } | null = null;
    let timer: number | undefined;
    report({ type: "load" });

    loadYouTubeIframeApi()
      .then((YT) => {
        if (cancelled) return;
        // The API replaces the element it is given; give it a child so React keeps its own node.
        const target = document.createElement("div");
        host.append(target);
        const instance = new YT.Player(target, {
          host: "https://www.youtube-nocookie.com",
          videoId,
          width: "100%",
          height: "100%",
          playerVars: { autoplay: 1, mute: 1, playsinline: 1, rel: 0, origin: window.location.origin },
          events: {
            onReady: () => {
              report({ type: "playing" });
              timer = window.setInterval(() => onTimeRef.current?.(instance.getCurrentTime()), TIME_POLL_MS);
            },
            onStateChange: ({ data }) => {
              if (data === YT.PlayerState.PLAYING) report({ type: "playing" });
              else if (data === YT.PlayerState.ENDED) report({ type: "finish" });
            },
            onError: () => report({ type: "fail", reason: YOUTUBE_VIDEO_FAILED }),
          },
        });
        player = instance;
      })
      .catch(() => {
        if (!cancelled) report({ type: "fail", reason: YOUTUBE_API_FAILED });
      });

    return () => {
      cancelled = true;
      window.clearInterval(timer);
      player?.destroy();
      host.replaceChildren();
    };
  }, [videoId, report]);

  return <div ref={hostRef} className="player player-youtube" />;
}
