import { describe, expect, it } from "vitest";
import { mediaDepsFromConfig } from "./media-deps";

const APP_ID = "0123456789abcdef0123456789abcdef";
const CERTIFICATE = "fedcba9876543210fedcba9876543210";

describe("mediaDepsFromConfig", () => {
  it("Agora needs both its App ID and its certificate", () => {
    expect(mediaDepsFromConfig({ AGORA_APP_ID: APP_ID, AGORA_APP_CERTIFICATE: CERTIFICATE }).agora).toEqual({
      appId: APP_ID,
      certificate: CERTIFICATE,
    });
    expect(mediaDepsFromConfig({}).agora).toBeNull();
    expect(() => mediaDepsFromConfig({ AGORA_APP_ID: APP_ID })).toThrow("AGORA_APP_ID and AGORA_APP_CERTIFICATE go together");
    expect(() => mediaDepsFromConfig({ AGORA_APP_CERTIFICATE: CERTIFICATE })).toThrow("set both, or neither");
  });

  it("the RTMP address: RTMP_PUBLIC_URL, else the web app's host on RTMP_PORT", () => {
    expect(mediaDepsFromConfig({ RTMP_PUBLIC_URL: "rtmps://live.example/app" }).rtmpUrl).toBe("rtmps://live.example/app");
    expect(mediaDepsFromConfig({ NEXTAUTH_URL: "https://onair.example:8443", RTMP_PORT: 1936 }).rtmpUrl).toBe(
      "rtmp://onair.example:1936/live",
    );
    expect(mediaDepsFromConfig({}).rtmpUrl).toBe("rtmp://localhost:1935/live");
  });
});
