import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import { readFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { LIVE_FLV_PLAYER_CONFIG } from "../../../apps/web/src/components/player/flv-config";
import { CLOCK_HEIGHT, CLOCK_WIDTH, frameAgeMs } from "./clock-pattern";

const require = createRequire(import.meta.url);

/**
 * A bare page that plays a live HTTP-FLV URL with mpegts.js and the web
 * player's settings, and every 200 ms reads the burned-in clock off the frame
 * it is showing into `window.frameAges` (milliseconds from encoder to screen).
 */
function pageHtml(): string {
  return `<!doctype html><html><body style="margin:0;background:#000">
<video id="video" muted autoplay playsinline width="${CLOCK_WIDTH}" height="${CLOCK_HEIGHT}"></video>
<script src="/mpegts.js"></script>
<script>
const frameAgeMs = ${frameAgeMs.toString()};
window.frameAges = [];
window.decodedFrames = 0;
const video = document.getElementById("video");
const url = new URLSearchParams(location.search).get("src");
const player = mpegts.createPlayer({ type: "flv", isLive: true, url }, ${JSON.stringify(LIVE_FLV_PLAYER_CONFIG)});
player.attachMediaElement(video);
player.load();
video.play().catch(() => {});
const canvas = document.createElement("canvas");
canvas.width = ${CLOCK_WIDTH};
canvas.height = 32;
const context = canvas.getContext("2d", { willReadFrequently: true });
setInterval(() => {
  if (video.readyState < 2 || video.paused) return;
  context.drawImage(video, 0, 0, ${CLOCK_WIDTH}, 32, 0, 0, ${CLOCK_WIDTH}, 32);
  const pixels = context.getImageData(0, 0, ${CLOCK_WIDTH}, 32).data;
  window.frameAges.push(frameAgeMs(pixels, ${CLOCK_WIDTH}, Date.now()));
  window.decodedFrames = video.getVideoPlaybackQuality().totalVideoFrames;
}, 200);
</script></body></html>`;
}

/** Serves the page (`pageUrl(flvUrl)`) and mpegts.js on 127.0.0.1; its origin must be allowed by the media server. */
export async function serveLatencyPage(): Promise<{ pageUrl(flvUrl: string): string; origin: string; close(): Promise<void> }> {
  const mpegtsSource = await readFile(require.resolve("mpegts.js/dist/mpegts.js"));
  const server: Server = createServer((request, response) => {
    if (request.url === "/mpegts.js") {
      response.writeHead(200, { "content-type": "text/javascript" }).end(mpegtsSource);
    } else if (request.url?.startsWith("/?src=")) {
      response.writeHead(200, { "content-type": "text/html" }).end(pageHtml());
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    pageUrl: (flvUrl) => `${origin}/?src=${encodeURIComponent(flvUrl)}`,
    origin,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
