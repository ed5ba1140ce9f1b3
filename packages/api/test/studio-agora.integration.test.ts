import { createRequire } from "node:module";
import type * as AgoraToken2 from "agora-token/src/AccessToken2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publisherUid } from "../src/services/agora/tokens";
import { codeOf, createUser, openTestEnv, type TestEnv } from "./fixtures";
import { createCreator, openStudioMedia, studioCaller, TEST_AGORA, type StudioMedia } from "./studio-fixtures";

const { AccessToken2, kRtcServiceType } = createRequire(import.meta.url)("agora-token/src/AccessToken2") as typeof AgoraToken2;

let env: TestEnv;
let media: StudioMedia;
let noAgora: StudioMedia;
beforeAll(async () => {
  env = openTestEnv();
  [media, noAgora] = await Promise.all([openStudioMedia({ agora: true }), openStudioMedia()]);
});
afterAll(async () => {
  await Promise.all([env.close(), media.cleanup(), noAgora.cleanup()]);
});

/** The token's signed contents, after checking its signature with the right certificate. */
function decode(token: string) {
  const parsed = new AccessToken2();
  expect(parsed.from_string(token)).toBe(true);
  expect(parsed.verifySignature(TEST_AGORA.certificate)).toBe(true);
  expect(parsed.verifySignature("00000000000000000000000000000000")).toBe(false);
  const [rtc, ...others] = parsed.services;
  expect(others).toEqual([]);
  expect(rtc!.service_type()).toBe(kRtcServiceType);
  return {
    appId: parsed.appId.toString(),
    issuedAt: parsed.issueTs,
    expiresInSeconds: parsed.expire,
    channel: rtc!.__channel_name.toString(),
    uid: rtc!.__uid.toString(),
    privileges: Object.keys(rtc!.__privileges).map(Number).sort(),
    privilegeExpiries: new Set(Object.values(rtc!.__privileges)),
  };
}

async function agoraStream() {
  const owner = await createCreator(env.db);
  const api = studioCaller(env, owner, media);
  const { id } = await api.stream.create({ title: "Call in", video: { provider: "AGORA" } });
  return { owner, api, id };
}

describe("Agora tokens", () => {
  it("the owner's publisher token: join and publish audio, video and data, the same uid every time, an hour long", async () => {
    const { owner, api, id } = await agoraStream();
    const before = Math.floor(Date.now() / 1000);
    const first = await api.studio.agoraPublisherToken({ streamId: id });
    expect(first).toMatchObject({ appId: TEST_AGORA.appId, channel: id, uid: publisherUid(owner.id) });
    expect(first.expiresAt.getTime()).toBeGreaterThanOrEqual((before + 3_600) * 1000);
    expect(first.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 3_600_000);
    const token = decode(first.token);
    expect(token).toMatchObject({
      appId: TEST_AGORA.appId,
      channel: id,
      uid: String(first.uid),
      privileges: [1, 2, 3, 4],
      expiresInSeconds: 3_600,
    });
    expect(token.privilegeExpiries).toEqual(new Set([3_600]));
    expect(token.issuedAt).toBeGreaterThanOrEqual(before - 1);
    expect((await api.studio.agoraPublisherToken({ streamId: id })).uid).toBe(first.uid);
    expect(first.uid).toBeGreaterThan(0);
    expect(first.uid).toBeLessThan(2 ** 31);
  });

  it("a viewer's token for a live stream: join only, a new random uid per call", async () => {
    const { api, id } = await agoraStream();
    const viewer = studioCaller(env, null, media);
    await expect(viewer.stream.agoraToken({ streamId: id })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      message: "The stream is not live.",
    });
    await api.stream.start({ streamId: id });
    const [a, b] = await Promise.all([viewer.stream.agoraToken({ streamId: id }), viewer.stream.agoraToken({ streamId: id })]);
    expect(a.uid).not.toBe(b.uid);
    for (const issued of [a, b]) {
      expect(issued.uid).toBeGreaterThan(0);
      expect(issued.uid).toBeLessThan(2 ** 31);
      expect(decode(issued.token)).toMatchObject({
        appId: TEST_AGORA.appId,
        channel: id,
        uid: String(issued.uid),
        privileges: [1],
        expiresInSeconds: 3_600,
      });
    }
  });

  it("refused without credentials, for other sources, and publisher tokens for anyone but the owner", async () => {
    const { id } = await agoraStream();
    await expect(studioCaller(env, null, noAgora).stream.agoraToken({ streamId: id })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      message: "This server has no Agora credentials (AGORA_APP_ID and AGORA_APP_CERTIFICATE).",
    });
    const stranger = await createUser(env.db);
    expect(await codeOf(studioCaller(env, stranger, media).studio.agoraPublisherToken({ streamId: id }))).toBe("FORBIDDEN");
    const other = await createCreator(env.db);
    const youtube = await studioCaller(env, other, media).stream.create({
      title: "YT",
      video: { provider: "YOUTUBE", source: "dQw4w9WgXcQ" },
    });
    await expect(studioCaller(env, other, media).studio.agoraPublisherToken({ streamId: youtube.id })).rejects.toMatchObject({
      message: "This stream is not an Agora stream.",
    });
  });

  it("capabilities offer Agora only with credentials and give the RTMP address", async () => {
    const user = await createUser(env.db);
    await expect(studioCaller(env, user, media).studio.capabilities()).resolves.toMatchObject({
      sources: {
        AGORA: { available: true, reason: null },
        INGEST: { available: true },
        YOUTUBE: { available: true },
        HLS: { available: true },
      },
      rtmpUrl: "rtmp://studio.test:1935/live",
    });
    await expect(studioCaller(env, user, noAgora).studio.capabilities()).resolves.toMatchObject({
      sources: { AGORA: { available: false, reason: "This server has no Agora credentials (AGORA_APP_ID and AGORA_APP_CERTIFICATE)." } },
    });
  });
});
