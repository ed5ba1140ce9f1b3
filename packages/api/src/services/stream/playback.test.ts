import { describe, expect, it } from "vitest";
import { playbackOf } from "./playback";

const wentLive = new Date("2026-12-03T10:00:00Z");
const at = (seconds: number) => new Date(wentLive.getTime() + seconds * 1000);
const ingest = {
  id: "s1",
  status: "ENDED" as const,
  videoProvider: "INGEST" as const,
  videoSource: "",
  replayUrl: null,
  startedAt: wentLive,
};

describe("playbackOf an ingest stream's recordings", () => {
  it("replays only what viewers could see: a preview session before going live is left out, one that ran into it starts at that moment", () => {
    const playback = playbackOf(
      {
        ...ingest,
        recordings: [
          { id: "preview", startedAt: at(-120), endedAt: at(-60), durationMs: 60_000 },
          { id: "into-live", startedAt: at(-20), endedAt: at(300), durationMs: 320_000 },
          { id: "after", startedAt: at(400), endedAt: at(500), durationMs: 100_000 },
        ],
      },
      null,
    );
    expect(playback.provider === "INGEST" && playback.recordings.map(({ id, startOffsetMs }) => ({ id, startOffsetMs }))).toEqual([
      { id: "into-live", startOffsetMs: 20_000 },
      { id: "after", startOffsetMs: 0 },
    ]);
  });

  it("has no replay for a stream that never went live", () => {
    const playback = playbackOf(
      {
        ...ingest,
        status: "SCHEDULED",
        startedAt: null,
        recordings: [{ id: "preview", startedAt: at(-60), endedAt: at(-30), durationMs: 30_000 }],
      },
      null,
    );
    expect(playback.provider === "INGEST" && playback.recordings).toEqual([]);
  });
});
