import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { pipeline } from "node:stream/promises";
import { playableRecording, verifyPreviewToken } from "@onair/api/ingest";
import type { MediaStorage } from "@onair/api/storage";
import type { Db } from "@onair/db";
import parseRange from "range-parser";

export interface MediaHttpOptions {
  db: Db;
  storage: MediaStorage;
  authSecret: string;
  /** Browser origins that may play (CORS); never "*". */
  allowedOrigins: string[];
  /** The engine's internal HTTP-FLV port on 127.0.0.1. */
  internalFlvPort: number;
  isPublishing: (streamId: string) => boolean;
  /** Publishers count, for /health. */
  publisherCount: () => number;
}

/** A live viewer this far behind (bytes not yet sent) is disconnected; its player reconnects at the live edge. */
const MAX_VIEWER_BACKLOG_BYTES = 8 * 1024 * 1024;

const LIVE_PATH = /^\/live\/([A-Za-z0-9_-]{1,64})\.flv$/;
const RECORDING_PATH = /^\/recordings\/([a-z0-9]{1,64})\.mp4$/;

function sendText(res: ServerResponse, status: number, message: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" });
  res.end(`${message}\n`);
}

/**
 * The media server's public HTTP: live HTTP-FLV (proxied from the engine only to allowed viewers), recordings with
 * byte ranges, and /health. The engine's own HTTP port is never exposed (it also accepts publishing).
 */
export class MediaHttpServer {
  private readonly server: Server;
  /** Open live responses by stream, closed when the stream's publisher goes. */
  private readonly viewers = new Map<string, Set<ServerResponse>>();

  constructor(private readonly options: MediaHttpOptions) {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        console.error(`[media] ${req.method} ${req.url?.slice(0, 200)} failed: ${(error as Error).message}`);
        sendText(res, 500, "Something went wrong on the media server.");
      });
    });
  }

  async listen(port: number, host: string): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, host, () => {
        this.server.off("error", reject);
        resolve();
      });
    });
    return (this.server.address() as AddressInfo).port;
  }

  /** Ends every live response of the stream (its encoder left, was kicked, or the stream ended). */
  closeViewers(streamId: string): void {
    const responses = this.viewers.get(streamId);
    if (!responses) return;
    this.viewers.delete(streamId);
    for (const res of responses) res.end();
  }

  async close(): Promise<void> {
    for (const streamId of [...this.viewers.keys()]) this.closeViewers(streamId);
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
  }

  private cors(req: IncomingMessage, res: ServerResponse): void {
    res.setHeader("Vary", "Origin");
    const origin = req.headers.origin;
    if (origin && this.options.allowedOrigins.includes(origin)) {
      res.setHeader("Access-Control-Allow-Origin", origin);
      res.setHeader("Access-Control-Expose-Headers", "Content-Length, Content-Range, Accept-Ranges, ETag");
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://media.invalid");
    this.cors(req, res);
    if (req.method === "OPTIONS") {
      res.writeHead(204, {
        "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
        "Access-Control-Allow-Headers": "Range",
        "Access-Control-Max-Age": "600",
      });
      res.end();
      return;
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.setHeader("Allow", "GET, HEAD, OPTIONS");
      return sendText(res, 405, "Only GET and HEAD are served here.");
    }
    if (url.pathname === "/health") {
      res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-store" });
      res.end(JSON.stringify({ ok: true, publishers: this.options.publisherCount() }));
      return;
    }
    const live = LIVE_PATH.exec(url.pathname);
    if (live) return this.serveLive(req, res, live[1]!, url.searchParams.get("preview"));
    const recording = RECORDING_PATH.exec(url.pathname);
    if (recording) return this.serveRecording(req, res, recording[1]!);
    sendText(res, 404, "Not found.");
  }

  private async serveLive(req: IncomingMessage, res: ServerResponse, streamId: string, preview: string | null): Promise<void> {
    const { db, authSecret, internalFlvPort, isPublishing } = this.options;
    const previewAllowed = preview !== null && verifyPreviewToken(authSecret, streamId, preview);
    if (!previewAllowed) {
      const stream = await db.liveStream.findUnique({ where: { id: streamId }, select: { status: true, videoProvider: true } });
      if (!stream || stream.videoProvider !== "INGEST") return sendText(res, 404, "This stream is not served here.");
      if (stream.status !== "LIVE") {
        return sendText(
          res,
          403,
          preview === null ? "This stream is not live yet." : "This preview link has expired: open the studio again.",
        );
      }
    }
    if (!isPublishing(streamId)) return sendText(res, 404, "Nobody is streaming to this stream right now.");
    if (req.method === "HEAD") {
      res.writeHead(200, { "Content-Type": "video/x-flv", "Cache-Control": "no-store" });
      res.end();
      return;
    }

    const upstream = httpRequest({ host: "127.0.0.1", port: internalFlvPort, path: `/live/${streamId}.flv`, method: "GET" });
    const viewers = this.viewers.get(streamId) ?? new Set<ServerResponse>();
    this.viewers.set(streamId, viewers);
    viewers.add(res);
    res.once("close", () => {
      viewers.delete(res);
      if (viewers.size === 0 && this.viewers.get(streamId) === viewers) this.viewers.delete(streamId);
      upstream.destroy();
    });
    upstream.once("error", () => {
      if (!res.headersSent) sendText(res, 502, "The live video is not available right now.");
      else res.end();
    });
    upstream.once("response", (flv) => {
      if (flv.statusCode !== 200) {
        flv.resume();
        return sendText(res, 502, "The live video is not available right now.");
      }
      res.writeHead(200, { "Content-Type": "video/x-flv", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" });
      // Not piped: the engine does not slow down for one viewer, so a slow viewer is dropped instead of buffered without end.
      flv.on("data", (chunk: Buffer) => {
        if (!res.write(chunk) && res.writableLength > MAX_VIEWER_BACKLOG_BYTES) res.destroy();
      });
      flv.once("end", () => res.end());
    });
    upstream.end();
  }

  private async serveRecording(req: IncomingMessage, res: ServerResponse, recordingId: string): Promise<void> {
    const { db, storage } = this.options;
    const recording = await playableRecording({ db }, { recordingId });
    const size = recording?.storageKey ? await storage.size(recording.storageKey) : null;
    if (!recording?.storageKey || size === null) return sendText(res, 404, "This recording is not available.");
    // A READY recording never changes: its id and size name its bytes.
    const etag = `"${recording.id}-${size}"`;
    const headers: Record<string, string> = {
      "Content-Type": "video/mp4",
      "Accept-Ranges": "bytes",
      ETag: etag,
      "Cache-Control": "public, max-age=31536000, immutable",
      "X-Content-Type-Options": "nosniff",
    };
    if (req.headers["if-none-match"] === etag) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    const rangeHeader = req.headers.range;
    const ifRange = req.headers["if-range"];
    const ranges = rangeHeader && (!ifRange || ifRange === etag) ? parseRange(size, rangeHeader, { combine: true }) : undefined;
    if (ranges === -1) {
      res.writeHead(416, { ...headers, "Content-Range": `bytes */${size}` });
      res.end();
      return;
    }
    // One range is served; several (rare for video players) get the whole file.
    const range = Array.isArray(ranges) && ranges.type === "bytes" && ranges.length === 1 ? ranges[0]! : null;
    if (range) {
      headers["Content-Range"] = `bytes ${range.start}-${range.end}/${size}`;
      headers["Content-Length"] = String(range.end - range.start + 1);
    } else {
      headers["Content-Length"] = String(size);
    }
    if (req.method === "HEAD" || size === 0) {
      res.writeHead(range ? 206 : 200, headers);
      res.end();
      return;
    }
    const body = await storage.read(recording.storageKey, range ?? undefined);
    if (!body) return sendText(res, 404, "This recording is not available.");
    res.writeHead(range ? 206 : 200, headers);
    await pipeline(body, res).catch(() => {
      // The viewer went away mid-download (seeking does that): nothing to report.
    });
  }
}
