import { describe, expect, it } from "vitest";
import { agoraFailureReason } from "./agora-failure";
import { ingestHealthView, maskStreamKey } from "./ingest-health";
import { formatCount, keyNumbers, summaryTime } from "./stream-summary";
import { thumbnailFileProblem } from "./thumbnail-file";
import type { IngestHealth } from "./types";

const NOW = new Date("2026-12-03T12:00:00Z");

function health(changes: Partial<IngestHealth> = {}): IngestHealth {
  return {
    connected: true,
    connectedAt: new Date(NOW.getTime() - 60_000),
    lastDataAt: new Date(NOW.getTime() - 1_000),
    bitrateKbps: 4_500,
    keyframeIntervalSeconds: 2,
    width: 1280,
    height: 720,
    fps: 30,
    videoCodec: "H264",
    audioCodec: "AAC",
    ...changes,
  };
}

describe("ingestHealthView", () => {
  it("waits while no encoder is connected", () => {
    expect(ingestHealthView(null, NOW)).toEqual({ connection: "waiting", resolution: null, warnings: [] });
    expect(ingestHealthView(health({ connected: false }), NOW).connection).toBe("waiting");
  });

  it("has nothing to say about a good encoder", () => {
    expect(ingestHealthView(health(), NOW)).toEqual({ connection: "connected", resolution: "1280×720", warnings: [] });
  });

  it("warns about a long keyframe interval, a bad bitrate, another codec and a missing audio track", () => {
    expect(ingestHealthView(health({ keyframeIntervalSeconds: 8 }), NOW).warnings).toEqual([
      "Keyframes arrive every 8 s: set the keyframe interval to 1–2 s (OBS: Output → Keyframe Interval).",
    ]);
    expect(ingestHealthView(health({ keyframeIntervalSeconds: 4 }), NOW).warnings).toEqual([]);
    expect(ingestHealthView(health({ bitrateKbps: 400 }), NOW).warnings[0]).toMatch(/low \(400 kbps\)/);
    expect(ingestHealthView(health({ bitrateKbps: 12_000 }), NOW).warnings[0]).toMatch(/high \(12000 kbps\)/);
    expect(ingestHealthView(health({ videoCodec: "HEVC" }), NOW).warnings[0]).toMatch(/HEVC/);
    expect(ingestHealthView(health({ audioCodec: null }), NOW).warnings).toEqual(["No audio track: viewers will hear nothing."]);
  });

  it("calls an encoder that stopped sending stalled", () => {
    const view = ingestHealthView(health({ lastDataAt: new Date(NOW.getTime() - 10_000), bitrateKbps: 0 }), NOW);
    expect(view.connection).toBe("stalled");
    expect(view.warnings).toEqual(["No data from the encoder for a few seconds: check its connection."]);
  });
});

describe("maskStreamKey", () => {
  it("hides the secret but keeps the stream's part", () => {
    expect(maskStreamKey("cstream123?key=s3cr3t")).toBe("cstream123?key=••••••••••••••••");
    expect(maskStreamKey("s3cr3t")).not.toContain("s3cr3t");
  });
});

describe("thumbnailFileProblem", () => {
  it("accepts JPEG, PNG and WebP up to 5 MiB", () => {
    expect(thumbnailFileProblem({ type: "image/png", size: 5 * 1024 * 1024 })).toBeNull();
    expect(thumbnailFileProblem({ type: "image/webp", size: 1 })).toBeNull();
  });

  it("says why other files are refused", () => {
    expect(thumbnailFileProblem({ type: "image/gif", size: 10 })).toBe("A thumbnail is a JPEG, PNG or WebP image.");
    expect(thumbnailFileProblem({ type: "image/jpeg", size: 6 * 1024 * 1024 })).toBe(
      "This image is 6.0 MB; a thumbnail can be at most 5 MB.",
    );
    expect(thumbnailFileProblem({ type: "image/jpeg", size: 0 })).toBe("This file is empty.");
  });
});

describe("stream rows", () => {
  const base = { scheduledStartAt: null, startedAt: null, endedAt: null, viewerCount: 3, peakViewers: 40, likeCount: 1, messageCount: 12 };

  it("shows the moment that matters in each state", () => {
    expect(summaryTime({ ...base, status: "SCHEDULED" })).toEqual({ label: "Not scheduled: starts when you go live", date: null });
    expect(summaryTime({ ...base, status: "MISSED", scheduledStartAt: NOW })).toEqual({ label: "Was due", date: NOW });
    expect(summaryTime({ ...base, status: "LIVE", startedAt: NOW })).toEqual({ label: "Live since", date: NOW });
    expect(summaryTime({ ...base, status: "ENDED", endedAt: NOW })).toEqual({ label: "Ended", date: NOW });
  });

  it("shows viewers now while live and the peak afterwards", () => {
    expect(keyNumbers({ ...base, status: "LIVE" })).toEqual([
      { label: "watching", value: 3 },
      { label: "like", value: 1 },
      { label: "chat messages", value: 12 },
    ]);
    expect(keyNumbers({ ...base, status: "ENDED" })[0]).toEqual({ label: "peak viewers", value: 40 });
    expect(formatCount(1234)).toBe("1,234");
    expect(formatCount(25_300)).toBe("25K");
  });
});

describe("agoraFailureReason", () => {
  it("says why for the SDK's usual codes", () => {
    const unreachable = Object.assign(new Error("AgoraRTCError CAN_NOT_GET_GATEWAY_SERVER: flag: 4096"), {
      code: "CAN_NOT_GET_GATEWAY_SERVER",
    });
    expect(agoraFailureReason(unreachable, "join")).toMatch(
      /^Agora's servers could not be reached from this browser \(CAN_NOT_GET_GATEWAY_SERVER\)/,
    );
    expect(agoraFailureReason({ code: "PERMISSION_DENIED" }, "devices")).toMatch(/not allowed to use the camera or microphone/);
    expect(agoraFailureReason({ code: "NOT_READABLE" }, "devices")).toBe("The camera or microphone is in use by another application.");
  });

  it("falls back to the step and the message", () => {
    expect(agoraFailureReason(new Error("Agora is not configured on this server."), "token")).toBe(
      "Agora is not configured on this server.",
    );
    expect(agoraFailureReason(Object.assign(new Error("boom"), { code: "UNEXPECTED_ERROR" }), "publish")).toBe(
      "Publishing to Agora failed (UNEXPECTED_ERROR): boom.",
    );
    expect(agoraFailureReason("?", "join")).toBe("Joining the Agora channel failed.");
  });
});
