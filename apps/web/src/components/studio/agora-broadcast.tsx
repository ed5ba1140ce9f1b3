"use client";

import type { IAgoraRTCClient, ICameraVideoTrack, IMicrophoneAudioTrack } from "agora-rtc-sdk-ng";
import { useEffect, useRef, useState } from "react";
import { useTRPCClient } from "~/lib/trpc";
import { agoraFailureReason } from "./agora-failure";

/** How long joining the channel may take before the broadcast gives up and says why. */
const JOIN_TIMEOUT_MS = 20_000;

type BroadcastPhase =
  { kind: "idle" } | { kind: "starting"; step: string } | { kind: "live"; reconnecting: boolean } | { kind: "failed"; reason: string };

interface BroadcastSession {
  client: IAgoraRTCClient;
  microphone: IMicrophoneAudioTrack | null;
  camera: ICameraVideoTrack | null;
}

/**
 * "Broadcast from this browser" for an AGORA stream: camera and microphone, published to the
 * stream's Agora channel as its host with a token OnAir issues (renewed before it expires).
 * The SDK (large, browser-only) loads when the streamer starts.
 */
export function AgoraBroadcast({ streamId }: { streamId: string }) {
  const api = useTRPCClient();
  const previewRef = useRef<HTMLDivElement>(null);
  const session = useRef<BroadcastSession | null>(null);
  const [phase, setPhase] = useState<BroadcastPhase>({ kind: "idle" });
  const [microphoneMuted, setMicrophoneMuted] = useState(false);
  const [cameraMuted, setCameraMuted] = useState(false);
  const [renewProblem, setRenewProblem] = useState<string | null>(null);

  // Leaving the page ends the broadcast and frees the camera.
  useEffect(() => () => void closeSession(session.current), []);

  async function start() {
    let step: Parameters<typeof agoraFailureReason>[1] = "token";
    setRenewProblem(null);
    try {
      setPhase({ kind: "starting", step: "Getting a broadcast token…" });
      const token = await api.studio.agoraPublisherToken.query({ streamId });
      const { default: AgoraRTC } = await import("agora-rtc-sdk-ng");
      AgoraRTC.setLogLevel(3);
      const client = AgoraRTC.createClient({ mode: "live", codec: "vp8" });
      const current: BroadcastSession = { client, microphone: null, camera: null };
      session.current = current;
      client.on("token-privilege-will-expire", () => void renew(client));
      client.on("token-privilege-did-expire", () => setPhase({ kind: "failed", reason: "The broadcast token expired: start again." }));
      client.on("connection-state-change", (state: string) => {
        setPhase((phase) => (phase.kind === "live" ? { kind: "live", reconnecting: state === "RECONNECTING" } : phase));
      });

      step = "devices";
      setPhase({ kind: "starting", step: "Opening the camera and microphone…" });
      const [microphone, camera] = await AgoraRTC.createMicrophoneAndCameraTracks();
      current.microphone = microphone;
      current.camera = camera;
      if (previewRef.current) camera.play(previewRef.current, { mirror: true });

      step = "join";
      setPhase({ kind: "starting", step: "Connecting to Agora…" });
      await client.setClientRole("host");
      // The SDK keeps retrying an unreachable Agora for minutes; the streamer hears why much sooner.
      await withTimeout(client.join(token.appId, token.channel, token.token, token.uid), JOIN_TIMEOUT_MS);

      step = "publish";
      await client.publish([microphone, camera]);
      setMicrophoneMuted(false);
      setCameraMuted(false);
      setPhase({ kind: "live", reconnecting: false });
    } catch (error) {
      await closeSession(session.current);
      session.current = null;
      setPhase({ kind: "failed", reason: agoraFailureReason(error, step) });
    }
  }

  async function renew(client: IAgoraRTCClient) {
    try {
      const token = await api.studio.agoraPublisherToken.query({ streamId });
      await client.renewToken(token.token);
      setRenewProblem(null);
    } catch (error) {
      setRenewProblem(agoraFailureReason(error, "renew"));
    }
  }

  async function stop() {
    const current = session.current;
    session.current = null;
    await closeSession(current);
    setPhase({ kind: "idle" });
  }

  async function toggleMicrophone() {
    const microphone = session.current?.microphone;
    if (!microphone) return;
    await microphone.setMuted(!microphoneMuted);
    setMicrophoneMuted(!microphoneMuted);
  }

  async function toggleCamera() {
    const camera = session.current?.camera;
    if (!camera) return;
    await camera.setMuted(!cameraMuted);
    setCameraMuted(!cameraMuted);
  }

  const running = phase.kind === "starting" || phase.kind === "live";
  return (
    <section className="studio-panel" aria-labelledby="studio-agora-heading" data-testid="agora-broadcast">
      <h2 id="studio-agora-heading">Broadcast from this browser</h2>
      <p className="muted studio-hint">
        Your camera and microphone go to viewers through Agora once the stream is live; until then only you see this preview.
      </p>
      <div className="studio-agora-preview" ref={previewRef} aria-label="Camera preview" role="img">
        {running ? null : <span className="muted">Camera off</span>}
      </div>
      <p className="studio-agora-state" role="status" data-testid="agora-state">
        {phase.kind === "starting" ? phase.step : null}
        {phase.kind === "live" ? (phase.reconnecting ? "Reconnecting to Agora…" : "Broadcasting") : null}
      </p>
      {phase.kind === "failed" ? (
        <p className="form-error" role="alert" data-testid="agora-error">
          {phase.reason}
        </p>
      ) : null}
      {renewProblem ? (
        <p className="form-error" role="alert">
          {renewProblem}
        </p>
      ) : null}
      <div className="studio-actions">
        {running ? (
          <>
            <button
              type="button"
              className="button button-secondary"

              disabled={phase.kind !== "live"}
              onClick={() => void toggleMicrophone()}
            >
              {microphoneMuted ? "Unmute microphone" : "Mute microphone"}
            </button>
            <button
              type="button"
              className="button button-secondary"

              disabled={phase.kind !== "live"}
              onClick={() => void toggleCamera()}
            >
              {cameraMuted ? "Turn camera on" : "Turn camera off"}
            </button>
            <button type="button" className="button button-danger" onClick={() => void stop()}>
              Stop broadcasting
            </button>
          </>
        ) : (
          <button type="button" className="button" onClick={() => void start()} data-testid="agora-start">
            {phase.kind === "failed" ? "Try again" : "Start camera and broadcast"}
          </button>
        )}
      </div>
    </section>
  );
}

async function closeSession(current: BroadcastSession | null) {
  if (!current) return;
  current.microphone?.close();
  current.camera?.close();
  current.client.removeAllListeners();
  await current.client.leave().catch(() => undefined);
}

/** The promise's value, or a rejection with the SDK's own TIMEOUT code after `ms`. */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`No answer from Agora in ${ms / 1000} s.`), { code: "TIMEOUT" })), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
