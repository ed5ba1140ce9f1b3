/** Parsing of the video sources a creator types: YouTube links or ids, HLS playlist URLs. */

export const NOT_YOUTUBE = "That is not a YouTube video URL or id.";
export const MAX_URL_LENGTH = 2_048;

const VIDEO_ID = /^[A-Za-z0-9_-]{11}$/;
const YOUTUBE_HOSTS = new Set(["youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com", "www.youtube-nocookie.com"]);
/** youtube.com/<prefix>/<id> forms. */
const PATH_PREFIXES = new Set(["live", "shorts", "embed", "v"]);

function parseUrl(text: string): URL | null {
  // "youtube.com/watch?v=…" without a scheme is how people copy from the address bar.
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(text) ? text : `https://${text}`;
  try {
    return new URL(withScheme);
  } catch {
    return null;
  }
}

/**
 * The 11-character video id of a YouTube link (youtube.com/watch?v=, youtu.be/,
 * /live/, /shorts/, /embed/, m.youtube.com) or of a bare id; null for anything else.
 */
export function youtubeVideoId(source: string): string | null {
  const text = source.trim();
  if (VIDEO_ID.test(text)) return text;
  if (text.length > MAX_URL_LENGTH) return null;
  const url = parseUrl(text);
  if (!url || (url.protocol !== "https:" && url.protocol !== "http:") || url.username || url.password) return null;
  const host = url.hostname.toLowerCase();
  const segments = url.pathname.split("/").filter(Boolean);
  let id: string | null | undefined = null;
  if (host === "youtu.be" || host === "www.youtu.be") {
    id = segments.length === 1 ? segments[0] : null;
  } else if (YOUTUBE_HOSTS.has(host)) {
    if (segments.length === 1 && segments[0] === "watch") id = url.searchParams.get("v");
    else if (segments.length === 2 && PATH_PREFIXES.has(segments[0]!)) id = segments[1];
  }
  return id && VIDEO_ID.test(id) ? id : null;
}

/** Why `text` is not an HLS playlist URL a browser may load, as a sentence; null when it is one. */
export function hlsUrlProblem(text: string, what = "The HLS URL"): string | null {
  if (text.length > MAX_URL_LENGTH) return `${what} is longer than 2,048 characters.`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `${what} is not a valid URL.`;
  }
  // Refuses javascript:, data:, file: and the like: only web addresses reach the player.
  if (url.protocol !== "https:" && url.protocol !== "http:") return `${what} must start with https:// or http://.`;
  if (url.username || url.password) return `${what} must not contain a user name or password.`;
  if (!url.pathname.toLowerCase().endsWith(".m3u8")) return `${what} must point to an .m3u8 playlist.`;
  return null;
}
