"use client";

import type { StreamStatus } from "@onair/db";
import { useCallback, useReducer, useState } from "react";
import { mediaUrl, useMediaBaseUrl } from "~/lib/media-url";
import { AgoraPlayer } from "./agora-player";
import { FlvPlayer } from "./flv-player";
import { HlsPlayer } from "./hls-player";
import { INITIAL_MEDIA, mediaReducer, playerState, shouldPlay, type MediaEvent, type PlayerState } from "./player-state";
import { RecordingPlayer } from "./recording-player";
import type { PlayerMode, StreamPlayback, TimeListener } from "./types";
import { WaitingRoom } from "./waiting-room";
import { YouTubePlayer } from "./youtube-player";
import "./player.css";

export interface StreamPlayerProps {
  playback: StreamPlayback;
  status: StreamStatus;
  /** INGEST: whether the encoder is publishing (live from `stream.source`); null for other sources. */
  sourceConnected: boolean | null;
  title: string;
  thumbnailUrl: string | null;
  scheduledStartAt: Date | null;
  /** live: the stream as it happens; replay: an ended stream's recording; preview: the studio's view of the encoder. */
  mode: PlayerMode;
  /** Preview mode: the media server path with the owner's preview token. */
  previewPath?: string;
  onTime?: TimeListener;
}

/**
 * The one video player: picks the adapter for the stream's source and shows what is going on
 * (waiting, connecting, live, replay, reconnecting, ended, unavailable) as visible text.
 */
export function StreamPlayer(props: StreamPlayerProps) {
  // A new source or mode starts from scratch (the adapter and what it reported).
  const sourceKey = `${props.mode}:${JSON.stringify(props.playback)}:${props.previewPath ?? ""}`;
  const [restarts, setRestarts] = useState(0);
  return <PlayerBody key={`${sourceKey}:${restarts}`} {...props} restart={() => setRestarts((count) => count + 1)} />;
}

function PlayerBody(props: StreamPlayerProps & { restart: () => void }) {
  const { playback, mode, sourceConnected } = props;
  const [media, dispatch] = useReducer(mediaReducer, INITIAL_MEDIA);
  const report = useCallback((event: MediaEvent) => dispatch(event), []);
  const state = playerState({ mode, status: props.status, playback, sourceConnected, media });
  const playing = shouldPlay(state, { mode, sourceConnected, playback });

  return (
    <div className="stream-player" data-testid="stream-player">
      {playing ? <SourceAdapter {...props} report={report} /> : null}
      <PlayerStatus state={state} props={props} />
    </div>
  );
}

function SourceAdapter(props: StreamPlayerProps & { report: (event: MediaEvent) => void }) {
  const { playback, mode, title, report, onTime } = props;
  const base = useMediaBaseUrl();
  switch (playback.provider) {
    case "YOUTUBE":
      return <YouTubePlayer videoId={playback.videoId} replay={mode === "replay"} title={title} report={report} onTime={onTime} />;
    case "HLS": {
      const url = mode === "replay" ? playback.replayUrl : playback.url;
      if (!url) return null;
      return <HlsPlayer url={url} live={mode !== "replay"} title={title} report={report} onTime={onTime} />;
    }
    case "INGEST":
      if (mode === "replay") {
        const parts = playback.recordings.map((recording) => ({
          url: mediaUrl(base, recording.path),
          startedAt: recording.startedAt,
          fromSeconds: recording.startOffsetMs / 1000,
        }));
        return <RecordingPlayer parts={parts} title={title} report={report} onTime={onTime} />;
      }
      return (
        <FlvPlayer
          url={mediaUrl(base, mode === "preview" && props.previewPath ? props.previewPath : playback.livePath)}
          title={title}
          report={report}
          onTime={onTime}
        />
      );
    case "AGORA":
      // Live only: Agora keeps no recording to replay.
      return mode === "replay" ? null : <AgoraPlayer streamId={playback.channel} title={title} report={report} />;
  }
}

/** The state as visible text: a badge over playing video, a panel over everything else. */
function PlayerStatus({ state, props }: { state: PlayerState; props: StreamPlayerProps & { restart: () => void } }) {
  const common = { "data-testid": "player-state", "data-state": state.name, role: "status" } as const;
  switch (state.name) {
    case "live":
      return (
        <p {...common} className="player-badge player-badge-live">
          {props.mode === "preview" ? "Preview" : "Live"}
        </p>
      );
    case "replay":
      return (
        <p {...common} className="player-badge">
          Replay
        </p>
      );
    case "connecting":
      return (
        <div {...common} className="player-notice">
          <p className="player-notice-title">Connecting…</p>
        </div>
      );
    case "reconnecting":
      return (
        <div {...common} className="player-notice">
          <p className="player-notice-title">Reconnecting…</p>
          <p>{state.reason}</p>
        </div>
      );
    case "waiting":
      return (
        <div {...common} className="player-cover">
          <WaitingRoom
            title={props.title}
            thumbnailUrl={props.thumbnailUrl}
            scheduledStartAt={props.scheduledStartAt}
            missed={state.missed}
            preview={props.mode === "preview"}
          />
        </div>
      );
    case "ended":
      return (
        <div {...common} className="player-cover player-placeholder">
          {props.mode === "replay" ? (
            <>
              <p className="placeholder-title">The replay has ended</p>
              {state.replayAvailable ? (
                <button type="button" className="button" onClick={props.restart}>
                  Watch again
                </button>
              ) : null}
            </>
          ) : (
            <>
              <p className="placeholder-title">This stream has ended</p>
              {state.replayAvailable ? <p>Its replay is ready.</p> : <p>There is no replay of this stream.</p>}
            </>
          )}
        </div>
      );
    case "unavailable":
      return (
        <div {...common} className="player-cover player-placeholder">
          <p className="placeholder-title">Video unavailable</p>
          <p>{state.reason}</p>
        </div>
      );
  }
}
