import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { LocalDiskStorage } from "@onair/api/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { thumbnailResponse } from "./thumbnail-response";

let dir: string;
let storage: LocalDiskStorage;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "onair-thumbs-"));
  storage = new LocalDiskStorage(dir);
  await storage.put("thumbnails/abc123-0f0f.webp", new Uint8Array([82, 73, 70, 70]));
  await storage.put("recordings/rec1.mp4", new Uint8Array([1, 2, 3]));
  await storage.put("products/user1-0123456789abcdef.webp", new Uint8Array([82, 73, 70, 70, 0]));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("thumbnailResponse", () => {
  it("serves a stored thumbnail as WebP, cached for good, never sniffed", async () => {
    const response = await thumbnailResponse(storage, "thumbnails/abc123-0f0f.webp");
    expect(response.status).toBe(200);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      "content-type": "image/webp",
      "content-length": "4",
      "cache-control": "public, max-age=31536000, immutable",
      "x-content-type-options": "nosniff",
    });
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(new Uint8Array([82, 73, 70, 70]));
  });

  it("serves a stored product image the same way", async () => {
    const response = await thumbnailResponse(storage, "products/user1-0123456789abcdef.webp");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/webp");
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(new Uint8Array([82, 73, 70, 70, 0]));
  });

  it.each([
    "thumbnails/missing.webp",
    "products/../recordings/rec1.mp4",
    "products/missing.webp",
    "recordings/rec1.mp4",
    "thumbnails/../recordings/rec1.mp4",
    "thumbnails/abc123-0f0f.png",
    "thumbnails/sub/abc.webp",
    "../secrets.webp",
  ])("404 for %s", async (key) => {
    const response = await thumbnailResponse(storage, key);
    expect(response.status).toBe(404);
    expect(response.headers.get("cache-control")).toBe("no-store");
  });
});
