import { describe, expect, it } from "vitest";
import { mediaBaseUrl, mediaUrl } from "./media-url";

describe("media URLs", () => {
  it("uses MEDIA_PUBLIC_URL when set, else port 3002 of the page's host with the page's scheme", () => {
    expect(mediaBaseUrl("https://media.example.com/", { protocol: "http:", hostname: "example.com" })).toBe("https://media.example.com");
    expect(mediaBaseUrl(null, { protocol: "https:", hostname: "onair.local" })).toBe("https://onair.local:3002");
    expect(mediaBaseUrl(null, { protocol: "http:", hostname: "::1" })).toBe("http://[::1]:3002");
  });

  it("joins a media path to the base", () => {
    expect(mediaUrl("https://media.example.com/cdn", "/live/s1.flv")).toBe("https://media.example.com/cdn/live/s1.flv");
    expect(mediaUrl("http://h:3002", "recordings/r1.mp4")).toBe("http://h:3002/recordings/r1.mp4");
  });
});
