"use client";

import { useEffect, useRef } from "react";
import { useAgoraAudienceToken } from "./agora-token";
import type { MediaEvent } from "./player-state";

const AGORA_RECONNECTING = "The connection to Agora dropped; reconnecting.";
const BROADCASTER_GONE = "The broadcaster stopped sending video.";
const TOKEN_EXPIRED = "The viewing token expired and could not be renewed.";
const AGORA_UNREACHABLE = "Agora's servers cannot be reached from here; still trying.";
/** The SDK keeps retrying an unreachable gateway without failing the join: after this long, say so. */
const JOIN_SLOW_MS = 10_000;

/** Why joining failed, for the viewer: the SDK's error code names the step that failed (e.g. CAN_NOT_GET_GATEWAY_SERVER). */
function joinFailure(error: unknown): string {
  const code = typeof error === "object" && error !== null && "code" in error ? String(error.code) : null;
  return code ? `Could not join the broadcast on Agora (${code}).` : "Could not join the broadcast on Agora.";
}

/**
 * Agora RTC as audience: joins the stream's channel with a server-issued token, plays the
 * broadcaster's tracks when they are published and renews the token before it expires.
 */
export function AgoraPlayer({ streamId, title, report }: { streamId: string; title: string; report: (event: MediaEvent) => void }) {
  const containerRef = useRef<HTMLDivElement>(null);
  const requestToken = useAgoraAudienceToken(streamId);

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    let cancelled = false;
    let leave = () => {};
    report({ type: "load" });

    void (async () => {
      try {
        const { default: AgoraRTC } = await import("agora-rtc-sdk-ng");
        if (cancelled) return;
        AgoraRTC.setLogLevel(3);
        const client = AgoraRTC.createClient({ mode: "live", codec: "vp8" });
        leave = () => {
          client.removeAllListeners();
          void client.leave();
        };
        client.on("user-published", (user, mediaType) => {
          void client.subscribe(user, mediaType).then(() => {
            if (mediaType === "video") {
              user.videoTrack?.play(container, { fit: "contain" });
              report({ type: "playing" });
            } else {
              user.audioTrack?.play();
            }
          });
        });
        client.on("user-unpublished", (_user, mediaType) => {
          if (mediaType === "video") report({ type: "stall", reason: BROADCASTER_GONE });
        });
        client.on("connection-state-change", (state) => {
          if (state === "RECONNECTING") report({ type: "stall", reason: AGORA_RECONNECTING });
        });
        client.on("token-privilege-will-expire", () => {
          void requestToken()
            .then((next) => client.renewToken(next.token))
            .catch(() => report({ type: "fail", reason: TOKEN_EXPIRED }));
        });
        client.on("token-privilege-did-expire", () => report({ type: "fail", reason: TOKEN_EXPIRED }));

        await client.setClientRole("audience", { level: 1 });
        const token = await requestToken();
        if (cancelled) return;
        const slow = window.setTimeout(() => {
          if (!cancelled) report({ type: "stall", reason: AGORA_UNREACHABLE });
        }, JOIN_SLOW_MS);
        try {
          await client.join(token.appId, token.channel, token.token, token.uid);
        } finally {
          window.clearTimeout(slow);
        }
        // Joined: the broadcaster's video appears with "user-published"; until then the player is connecting.
        report({ type: "load" });
      } catch (error) {
        if (!cancelled) report({ type: "fail", reason: joinFailure(error) });
      }
    })();

    return () => {
      cancelled = true;
      leave();
    };
  }, [streamId, requestToken, report]);

  return <div ref={containerRef} className="player player-agora" role="img" aria-label={title} data-testid="player-agora" />;
}
