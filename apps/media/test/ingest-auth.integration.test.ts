import { AppError } from "@onair/api";
import { authorizeExternalIngest, authorizePublish, parseExternalAuthRequest } from "@onair/api/ingest";
import { createDbClient, type Db } from "@onair/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { createIngestStream, createOwner } from "./helpers";

let db: Db;

beforeAll(() => {
  db = createDbClient(inject("databaseUrl"), { poolSize: 4 });
});

afterAll(async () => {
  await db?.$disconnect();
});

/** The hook's answer for a body, as the route gives it: "allow", or the refusal's code and sentence. */
async function answer(contentType: string, body: string): Promise<string> {
  const request = parseExternalAuthRequest(contentType, body);
  if (!request) return "unreadable";
  try {
    await authorizeExternalIngest({ db }, request);
    return "allow";
  } catch (error) {
    if (error instanceof AppError) return `${error.code}: ${error.message}`;
    throw error;
  }
}

function mediaMtx(fields: Record<string, unknown>): Promise<string> {
  return answer(
    "application/json",
    JSON.stringify({ user: "", password: "", token: "", ip: "203.0.113.5", protocol: "rtmp", id: null, query: "", ...fields }),
  );
}

function nginxRtmp(fields: Record<string, string>): Promise<string> {
  return answer("application/x-www-form-urlencoded", new URLSearchParams({ app: "live", addr: "203.0.113.5", ...fields }).toString());
}

describe("authorizePublish", () => {
  it("accepts the stream's current key and refuses any other, an unknown stream, or a non-INGEST stream with one sentence", async () => {
    const owner = await createOwner(db);
    const stream = await createIngestStream(db, owner.id, { autoGoLive: true });
    expect(await authorizePublish({ db }, { streamId: stream.id, key: stream.ingestKey! })).toEqual({
      id: stream.id,
      ownerId: owner.id,
      status: "SCHEDULED",
      autoGoLive: true,
    });
    const refusals = await Promise.all(
      [
        { streamId: stream.id, key: `${stream.ingestKey!}x` },
        { streamId: stream.id, key: "" },
        { streamId: "nosuchstream", key: stream.ingestKey! },
        { streamId: "../etc", key: stream.ingestKey! },
        { streamId: stream.id, key: "k".repeat(10_000) },
      ].map((input) => authorizePublish({ db }, input).catch((error: AppError) => `${error.code}: ${error.message}`)),
    );
    expect(new Set(refusals)).toEqual(new Set(["FORBIDDEN: The stream key is not valid: copy it again from the studio."]));
    const youtube = await db.liveStream.update({ where: { id: stream.id }, data: { videoProvider: "YOUTUBE" } });
    await expect(authorizePublish({ db }, { streamId: youtube.id, key: stream.ingestKey! })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("the external media server hook (POST /api/ingest/auth)", () => {
  it("allows a MediaMTX publish with the key in the query, and refuses a wrong key", async () => {
    const owner = await createOwner(db);
    const stream = await createIngestStream(db, owner.id);
    expect(await mediaMtx({ action: "publish", path: `live/${stream.id}`, query: `key=${stream.ingestKey!}` })).toBe("allow");
    expect(await mediaMtx({ action: "publish", path: `live/${stream.id}`, query: "key=wrong" })).toBe(
      "FORBIDDEN: The stream key is not valid: copy it again from the studio.",
    );
    expect(await mediaMtx({ action: "publish", path: `other/${stream.id}`, query: `key=${stream.ingestKey!}` })).toMatch(/^FORBIDDEN/);
  });

  it("allows MediaMTX reads only while the stream is live", async () => {
    const owner = await createOwner(db);
    const stream = await createIngestStream(db, owner.id);
    expect(await mediaMtx({ action: "read", path: `live/${stream.id}`, protocol: "hls" })).toBe("FORBIDDEN: This stream is not live.");
    await db.liveStream.update({ where: { id: stream.id }, data: { status: "LIVE", startedAt: new Date() } });
    expect(await mediaMtx({ action: "read", path: `live/${stream.id}`, protocol: "hls" })).toBe("allow");
    expect(await mediaMtx({ action: "api", path: "" })).toMatch(/^FORBIDDEN/);
  });

  it("allows an nginx-rtmp on_publish with the stream's key and refuses an ended stream", async () => {
    const owner = await createOwner(db);
    const stream = await createIngestStream(db, owner.id, { status: "LIVE" });
    expect(await nginxRtmp({ call: "publish", name: stream.id, key: stream.ingestKey! })).toBe("allow");
    expect(await nginxRtmp({ call: "publish", name: stream.id, key: "wrong" })).toMatch(/^FORBIDDEN/);
    expect(await nginxRtmp({ call: "publish", app: "vod", name: stream.id, key: stream.ingestKey! })).toMatch(/^FORBIDDEN/);
    expect(await nginxRtmp({ call: "play", name: stream.id })).toBe("allow");
    await db.liveStream.update({ where: { id: stream.id }, data: { status: "ENDED", endedAt: new Date() } });
    expect(await nginxRtmp({ call: "publish", name: stream.id, key: stream.ingestKey! })).toBe(
      "PRECONDITION_FAILED: This stream has ended: create a new stream to go live again.",
    );
    expect(await nginxRtmp({ call: "play", name: stream.id })).toBe("FORBIDDEN: This stream is not live.");
  });

  it("reads neither other content types nor malformed bodies", async () => {
    expect(await answer("text/plain", "name=x")).toBe("unreadable");
    expect(await answer("application/json", "{not json")).toBe("unreadable");
    expect(await answer("application/json", JSON.stringify({ action: "publish" }))).toBe("unreadable");
    expect(await answer("application/x-www-form-urlencoded", "call=publish")).toBe("unreadable");
  });
});
