import { readdir } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, openTestEnv, type TestEnv } from "./fixtures";
import { createCreator, openStudioMedia, studioCaller, type StudioMedia } from "./studio-fixtures";

let env: TestEnv;
let media: StudioMedia;
beforeAll(async () => {
  env = openTestEnv();
  media = await openStudioMedia();
});
afterAll(async () => {
  await Promise.all([env.close(), media.cleanup()]);
});

const solid = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: { r: 200, g: 40, b: 90 } } });

function form(streamId: string, bytes: Buffer, name: string, type = "application/octet-stream"): FormData {
  const data = new FormData();
  data.set("streamId", streamId);
  data.set("file", new Blob([new Uint8Array(bytes)], { type }), name);
  return data;
}

async function ownedStream() {
  const owner = await createCreator(env.db);
  const api = studioCaller(env, owner, media);
  const { id, slug } = await api.stream.create({ title: "Thumbs", video: { provider: "YOUTUBE", source: "dQw4w9WgXcQ" } });
  return { owner, api, id, slug };
}

async function storedThumbnails(streamId: string): Promise<string[]> {
  const files = await readdir(path.join(media.dir, "thumbnails")).catch(() => []);
  return files.filter((file) => file.startsWith(`${streamId}-`));
}

/** CRC-32 of PNG chunks (zlib.crc32 arrives only in Node 22). */
function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** A tiny PNG whose header claims 20000×20000 pixels: decoding it would need 1.2 GB (a decompression bomb). */
async function pngClaiming(width: number, height: number): Promise<Buffer> {
  const png = Buffer.from(await solid(8, 8).png().toBuffer());
  // Signature (8 bytes), then IHDR: length (4), type (4), width (4), height (4), ..., CRC over type and data.
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return png;
}

describe("studio.uploadThumbnail", () => {
  it.each([
    ["JPEG", () => solid(1920, 1080).jpeg().toBuffer(), "photo.jpg"],
    ["PNG", () => solid(800, 1200).png().toBuffer(), "tall.png"],
    ["WebP", () => solid(640, 360).webp().toBuffer(), "small.webp"],
  ])("stores a %s as a 1280×720 WebP and shows it on the stream's page", async (_type, make, name) => {
    const { api, id, slug } = await ownedStream();
    const { thumbnailUrl } = await api.studio.uploadThumbnail(form(id, await make(), name));
    expect(thumbnailUrl).toMatch(new RegExp(`^/media/thumbnails/${id}-[0-9a-f]{16}\\.webp$`));
    const [file] = await storedThumbnails(id);
    expect(`/media/thumbnails/${file}`).toBe(thumbnailUrl);
    const stored = await sharp(path.join(media.dir, "thumbnails", file!)).metadata();
    expect(stored).toMatchObject({ format: "webp", width: 1280, height: 720 });
    await expect(api.stream.bySlug({ slug })).resolves.toMatchObject({ thumbnailUrl });
    await expect(api.studio.stream({ streamId: id })).resolves.toMatchObject({ thumbnailUrl });
    await expect(api.studio.myStreams({ status: "SCHEDULED" })).resolves.toMatchObject({ items: [{ id, thumbnailUrl }] });
  });

  it("replacing deletes the old file; removing deletes the file and clears the URL", async () => {
    const { api, id, slug } = await ownedStream();
    const first = await api.studio.uploadThumbnail(form(id, await solid(100, 100).png().toBuffer(), "a.png"));
    const second = await api.studio.uploadThumbnail(form(id, await solid(100, 100).jpeg().toBuffer(), "b.jpg"));
    expect(second.thumbnailUrl).not.toBe(first.thumbnailUrl);
    expect(await storedThumbnails(id)).toEqual([path.basename(second.thumbnailUrl)]);
    await expect(api.studio.removeThumbnail({ streamId: id })).resolves.toEqual({ thumbnailUrl: null });
    expect(await storedThumbnails(id)).toEqual([]);
    await expect(api.stream.bySlug({ slug })).resolves.toMatchObject({ thumbnailUrl: null });
  });

  it.each<[string, () => Buffer | Promise<Buffer>, string, string]>([
    ["a GIF", () => solid(64, 64).gif().toBuffer(), "anim.gif", "Thumbnails must be JPEG, PNG or WebP images."],
    ["a text file renamed .png", () => Buffer.from("just some notes\n"), "notes.png", "Thumbnails must be JPEG, PNG or WebP images."],
    ["an SVG", () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), "logo.png", "Thumbnails must be JPEG, PNG or WebP images."],
    ["a 6 MiB file", () => Buffer.alloc(6 * 1024 * 1024, 0xff), "huge.jpg", "The thumbnail is larger than 5 MiB."],
    ["a decompression bomb", () => pngClaiming(20_000, 20_000), "bomb.png", "The image has too many pixels: at most 40 megapixels."],
    ["a truncated JPEG", async () => (await solid(400, 400).jpeg().toBuffer()).subarray(0, 300), "cut.jpg", "could not be read"],
    ["an empty file", () => Buffer.alloc(0), "empty.png", "The thumbnail file is empty."],
  ])("refuses %s with a sentence and stores nothing", async (_name, make, name, sentence) => {
    const { api, id } = await ownedStream();
    await expect(api.studio.uploadThumbnail(form(id, await make(), name, "image/png"))).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining(sentence) as string,
    });
    expect(await storedThumbnails(id)).toEqual([]);
    expect((await env.db.liveStream.findUniqueOrThrow({ where: { id } })).thumbnailKey).toBeNull();
  });

  it("refuses a form without a file or a stream, and other people's streams", async () => {
    const { api, id } = await ownedStream();
    const stranger = studioCaller(env, await createUser(env.db), media);
    const image = await solid(10, 10).png().toBuffer();
    await expect(stranger.studio.uploadThumbnail(form(id, image, "a.png"))).rejects.toMatchObject({ code: "FORBIDDEN" });
    const noFile = new FormData();
    noFile.set("streamId", id);
    await expect(api.studio.uploadThumbnail(noFile)).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "Choose an image file to upload (form field file).",
    });
    const noStream = new FormData();
    noStream.set("file", new Blob([image]), "a.png");
    await expect(api.studio.uploadThumbnail(noStream)).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "The form needs the stream's id in its streamId field.",
    });
    expect(await storedThumbnails(id)).toEqual([]);
  });
});

describe("stream.delete", () => {
  it("deletes a stream that never went live, with its thumbnail", async () => {
    const { api, id } = await ownedStream();
    await api.studio.uploadThumbnail(form(id, await solid(100, 100).png().toBuffer(), "a.png"));
    await expect(api.stream.delete({ streamId: id })).resolves.toEqual({ deleted: true });
    expect(await env.db.liveStream.findUnique({ where: { id } })).toBeNull();
    expect(await storedThumbnails(id)).toEqual([]);
  });

  it("deletes a missed stream; refuses a live or ended one and keeps it", async () => {
    const { api, id } = await ownedStream();
    await env.db.liveStream.update({ where: { id }, data: { status: "MISSED" } });
    await api.stream.delete({ streamId: id });
    expect(await env.db.liveStream.findUnique({ where: { id } })).toBeNull();

    const live = await ownedStream();
    await live.api.stream.start({ streamId: live.id });
    const refusal = { code: "PRECONDITION_FAILED", message: "Only a stream that never went live can be deleted." };
    await expect(live.api.stream.delete({ streamId: live.id })).rejects.toMatchObject(refusal);
    await live.api.stream.end({ streamId: live.id });
    await expect(live.api.stream.delete({ streamId: live.id })).rejects.toMatchObject(refusal);
    expect(await env.db.liveStream.findUnique({ where: { id: live.id } })).not.toBeNull();
  });
});
