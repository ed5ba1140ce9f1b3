import { createECDH, createPublicKey, randomBytes, verify, type ECDH } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { decrypt } from "http_ece";

/** A browser's side of a push subscription: its ECDH key pair and auth secret, as PushManager.subscribe() makes them. */
export function browserKeys(): { ecdh: ECDH; keys: { p256dh: string; auth: string } } {
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  return { ecdh, keys: { p256dh: ecdh.getPublicKey().toString("base64url"), auth: randomBytes(16).toString("base64url") } };
}

export interface ReceivedPush {
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * A push service on 127.0.0.1 (a real one cannot be reached from here): it
 * records every push and answers with the status `answer` picks for it
 * (default 201 Created, as push services do).
 */
export async function startPushService(answer: (path: string, attempt: number) => number = () => 201) {
  const received: ReceivedPush[] = [];
  const attempts = new Map<string, number>();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const path = request.url ?? "/";
      const attempt = (attempts.get(path) ?? 0) + 1;
      attempts.set(path, attempt);
      received.push({ path, headers: request.headers, body: Buffer.concat(chunks) });
      response.writeHead(answer(path, attempt)).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    received,
    /** The pushes that reached one endpoint path. */
    at: (path: string) => received.filter((push) => push.path === path),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Decrypts a push as the browser holding `ecdh` and `auth` would (aes128gcm, RFC 8291), and parses the JSON. */
export function decryptPush(push: ReceivedPush, browser: { ecdh: ECDH; keys: { auth: string } }): unknown {
  return JSON.parse(decrypt(push.body, { version: "aes128gcm", privateKey: browser.ecdh, authSecret: browser.keys.auth }).toString("utf8"));
}

/** The VAPID header's JWT claims, after checking its ES256 signature against the server's public key (`k`). */
export function verifiedVapidClaims(push: ReceivedPush, publicKey: string): { aud: string; exp: number; sub: string } {
  const match = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(String(push.headers.authorization));
  if (!match) throw new Error(`not a VAPID authorization header: ${String(push.headers.authorization)}`);
  const [, token, key] = match as unknown as [string, string, string];
  if (key !== publicKey) throw new Error("the VAPID header names another public key");
  const [header, claims, signature] = token.split(".") as [string, string, string];
  const point = Buffer.from(publicKey, "base64url");
  const jwk = { kty: "EC", crv: "P-256", x: point.subarray(1, 33).toString("base64url"), y: point.subarray(33, 65).toString("base64url") };
  const valid = verify(
    "sha256",
    Buffer.from(`${header}.${claims}`),
    { key: createPublicKey({ key: jwk, format: "jwk" }), dsaEncoding: "ieee-p1363" },
    Buffer.from(signature, "base64url"),
  );
  if (!valid) throw new Error("the VAPID JWT's signature does not verify");
  return JSON.parse(Buffer.from(claims, "base64url").toString("utf8")) as { aud: string; exp: number; sub: string };
}
