import { describe, expect, it } from "vitest";
import { hlsUrlProblem, youtubeVideoId } from "./video-source";

describe("youtubeVideoId", () => {
  it.each([
    ["dQw4w9WgXcQ", "dQw4w9WgXcQ"],
    ["  dQw4w9WgXcQ ", "dQw4w9WgXcQ"],
    ["https://www.youtube.com/watch?v=dQw4w9WgXcQ", "dQw4w9WgXcQ"],
    ["https://www.youtube.com/watch?feature=share&v=dQw4w9WgXcQ&t=42s", "dQw4w9WgXcQ"],
    ["youtube.com/watch?v=dQw4w9WgXcQ", "dQw4w9WgXcQ"],
    ["http://m.youtube.com/watch?v=dQw4w9WgXcQ", "dQw4w9WgXcQ"],
    ["https://youtu.be/dQw4w9WgXcQ?si=abc", "dQw4w9WgXcQ"],
    ["https://www.youtube.com/live/jfKfPfyJRdk?feature=shared", "jfKfPfyJRdk"],
    ["https://youtube.com/shorts/aqz-KE-bpKQ", "aqz-KE-bpKQ"],
    ["https://www.youtube.com/embed/dQw4w9WgXcQ", "dQw4w9WgXcQ"],
    ["https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", "dQw4w9WgXcQ"],
  ])("%s → %s", (source, id) => {
    expect(youtubeVideoId(source)).toBe(id);
  });

  it.each([
    "",
    "dQw4w9WgXc",
    "dQw4w9WgXcQQ",
    "https://vimeo.com/dQw4w9WgXcQ",
    "https://www.youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
    "https://evil.example/?v=dQw4w9WgXcQ&youtube.com",
    "https://www.youtube.com/watch?v=short",
    "https://www.youtube.com/channel/UC38IQsAvIsxxjztdMZQtwHA",
    "https://www.youtube.com/playlist?list=PL123",
    "javascript:alert(1)//youtube.com/watch?v=dQw4w9WgXcQ",
    "https://user:pass@www.youtube.com/watch?v=dQw4w9WgXcQ",
    "ftp://youtu.be/dQw4w9WgXcQ",
  ])("refuses %j", (source) => {
    expect(youtubeVideoId(source)).toBeNull();
  });
});

describe("hlsUrlProblem", () => {
  it.each(["https://cdn.example/live/index.m3u8", "http://10.0.0.5:8080/hls/stream.M3U8?token=abc"])("accepts %s", (url) => {
    expect(hlsUrlProblem(url)).toBeNull();
  });

  it.each([
    ["not a url", "The HLS URL is not a valid URL."],
    ["javascript:alert(1)//x.m3u8", "The HLS URL must start with https:// or http://."],
    ["data:application/vnd.apple.mpegurl,#EXTM3U.m3u8", "The HLS URL must start with https:// or http://."],
    ["https://user:secret@cdn.example/live.m3u8", "The HLS URL must not contain a user name or password."],
    ["https://cdn.example/live.mp4", "The HLS URL must point to an .m3u8 playlist."],
    ["https://cdn.example/live.mp4?x=.m3u8", "The HLS URL must point to an .m3u8 playlist."],
    [`https://cdn.example/${"a".repeat(2_040)}.m3u8`, "The HLS URL is longer than 2,048 characters."],
  ])("refuses %s", (url, problem) => {
    expect(hlsUrlProblem(url)).toBe(problem);
  });
});
