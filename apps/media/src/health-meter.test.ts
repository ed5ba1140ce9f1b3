import { describe, expect, it } from "vitest";
import { codecName, HealthMeter } from "./health-meter";

function videoTag(timestampMs: number, keyframe: boolean): Buffer {
  const data = [keyframe ? 0x17 : 0x27, 0x01, 0, 0, 0, 9];
  const buffer = Buffer.alloc(11 + data.length + 4);
  buffer[0] = 9;
  buffer.writeUIntBE(data.length, 1, 3);
  buffer.writeUIntBE(timestampMs & 0xffffff, 4, 3);
  Buffer.from(data).copy(buffer, 11);
  return buffer;
}

const METADATA = { videoWidth: 1280, videoHeight: 720, videoFramerate: 30, videoCodec: 7, audioCodec: 10 };

describe("HealthMeter", () => {
  it("averages the spacing of the last keyframes by the encoder's timestamps", () => {
    const meter = new HealthMeter(new Date(0));
    expect(meter.onTag(videoTag(0, true))).toBe(true);
    for (let ms = 33; ms < 2000; ms += 33) meter.onTag(videoTag(ms, false));
    expect(meter.keyframeIntervalSeconds()).toBeNull();
    meter.onTag(videoTag(2000, true));
    meter.onTag(videoTag(4000, true));
    expect(meter.keyframeIntervalSeconds()).toBe(2);
  });

  it("measures the bitrate between samples from the bytes received", () => {
    const meter = new HealthMeter(new Date(0));
    expect(meter.sample(1_000, METADATA, 10_000).bitrateKbps).toBe(0);
    // 250 000 bytes in 2 s = 1000 kbit/s.
    const health = meter.sample(251_000, METADATA, 12_000);
    expect(health).toMatchObject({ bitrateKbps: 1000, width: 1280, height: 720, fps: 30, videoCodec: "H.264", audioCodec: "AAC" });
  });

  it("names codecs from FLV ids, FourCC numbers and strings", () => {
    expect(codecName(7, {})).toBe("7");
    expect(codecName(0x68766331, {})).toBe("hvc1");
    expect(codecName("avc1", {})).toBe("avc1");
    expect(codecName(0, {})).toBeNull();
  });
});
