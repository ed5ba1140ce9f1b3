import { describe, expect, it } from "vitest";
import { thumbnailOf } from "./thumbnail";

describe("thumbnailOf", () => {
  it("prefers the uploaded thumbnail", () => {
    expect(thumbnailOf({ thumbnailUrl: "/media/thumbnails/a.webp", videoProvider: "YOUTUBE", videoSource: "dQw4w9WgXcQ" })).toBe(
      "/media/thumbnails/a.webp",
    );
  });

  it("falls back to YouTube's thumbnail for a YouTube stream, else none", () => {
    expect(thumbnailOf({ thumbnailUrl: null, videoProvider: "YOUTUBE", videoSource: "dQw4w9WgXcQ" })).toBe(
      "https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg",
    );
    expect(thumbnailOf({ thumbnailUrl: null, videoProvider: "HLS", videoSource: "https://cdn.example/live.m3u8" })).toBeNull();
    expect(thumbnailOf({ thumbnailUrl: null, videoProvider: "YOUTUBE", videoSource: "bad)id" })).toBeNull();
  });
});
