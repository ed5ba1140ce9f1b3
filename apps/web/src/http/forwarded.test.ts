import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { clientAddress, isHttps, normalizeForwardedHeaders } from "./forwarded";

let server: Server | null = null;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A real HTTP server doing what server.ts does before Next.js; it answers with what the app would see. */
async function seenByApp(trustProxy: boolean, headers: Record<string, string>) {
  server = createServer((req, res) => {
    normalizeForwardedHeaders(req, trustProxy);
    const seen = new Headers(Object.entries(req.headers).map(([name, value]): [string, string] => [name, String(value)]));
    res.end(
      JSON.stringify({
        address: clientAddress(seen),
        https: isHttps(seen),
        realIp: seen.get("x-real-ip"),
        forwarded: seen.get("forwarded"),
      }),
    );
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const response = await fetch(`http://127.0.0.1:${port}/`, { headers });
  return (await response.json()) as { address: string | null; https: boolean; realIp: string | null; forwarded: string | null };
}

const forged = {
  "x-forwarded-for": "203.0.113.9, 198.51.100.7",
  "x-real-ip": "203.0.113.9",
  forwarded: "for=203.0.113.9;proto=https",
  "x-forwarded-proto": "https",
};

describe("client address and scheme", () => {
  it("ignore a client's own forwarding headers unless a proxy is trusted", async () => {
    expect(await seenByApp(false, forged)).toEqual({ address: "127.0.0.1", https: false, realIp: null, forwarded: null });
  });

  it("take the last X-Forwarded-For hop and X-Forwarded-Proto from a trusted proxy", async () => {
    expect(await seenByApp(true, forged)).toMatchObject({ address: "198.51.100.7", https: true });
  });

  it("fall back to the peer behind a trusted proxy that sent no X-Forwarded-For", async () => {
    expect(await seenByApp(true, {})).toMatchObject({ address: "127.0.0.1", https: false });
  });
});
