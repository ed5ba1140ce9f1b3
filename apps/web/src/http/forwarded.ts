import type { IncomingMessage } from "node:http";
import { clientAddressFromHeaders } from "@onair/auth";

/** Request headers through which a client (or a proxy) names the original client and scheme. */
const FORWARDING_HEADERS = [
  "x-forwarded-for",
  "x-forwarded-proto",
  "x-forwarded-host",
  "x-forwarded-port",
  "x-real-ip",
  "forwarded",
] as const;

/**
 * Makes the forwarding headers of a request say what the web server knows, before Next.js sees it.
 *
 * Untrusted (the default): a client's own X-Forwarded-For, X-Real-IP, Forwarded and
 * X-Forwarded-Proto/Host/Port are dropped; X-Forwarded-For becomes the TCP peer address and
 * X-Forwarded-Proto the connection's own scheme. Trusted (WEB_TRUST_PROXY=1, only behind a proxy
 * that appends the client to X-Forwarded-For): the headers stay; a missing X-Forwarded-For becomes the peer.
 */
export function normalizeForwardedHeaders(req: IncomingMessage, trustProxy: boolean): void {
  const peer = req.socket.remoteAddress ?? "";
  if (!trustProxy) {
    for (const name of FORWARDING_HEADERS) delete req.headers[name];
    req.headers["x-forwarded-proto"] = "encrypted" in req.socket && req.socket.encrypted ? "https" : "http";
  }
  if (!req.headers["x-forwarded-for"] && peer) req.headers["x-forwarded-for"] = peer;
}

/**
 * The client's address as the web server established it: the last X-Forwarded-For hop, which is
 * the TCP peer (untrusted) or the address the trusted proxy appended. The one place web code reads it.
 */
export function clientAddress(headers: Headers): string | null {
  // The same reading as the sign-in throttle's (next-auth hands it the headers this server set).
  return clientAddressFromHeaders(headers);
}

/** Whether the request reached the web server (or the trusted proxy in front of it) over HTTPS. */
export function isHttps(headers: Headers): boolean {
  return headers.get("x-forwarded-proto")?.split(",").at(-1)?.trim() === "https";
}
