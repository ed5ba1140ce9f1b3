import { describe, expect, it } from "vitest";
import { bodyLimitFor, MAX_REQUEST_BODY_BYTES, MAX_UPLOAD_BODY_BYTES, payloadTooLarge, readBodyWithin } from "./body-limit";

function streamed(chunks: number, size: number): Request {
  const chunk = new Uint8Array(size).fill(120);
  return new Request("http://onair.test/api/trpc/x", {
    method: "POST",
    body: new ReadableStream({
      start(controller) {
        for (let i = 0; i < chunks; i++) controller.enqueue(chunk);
        controller.close();
      },
    }),
    duplex: "half",
  } as RequestInit);
}

describe("request body limit", () => {
  it("returns bodies up to the limit whole", async () => {
    const body = await readBodyWithin(streamed(4, 256), 1024);
    expect(body?.byteLength).toBe(1024);
  });

  it("refuses a chunked body as soon as it passes the limit", async () => {
    expect(await readBodyWithin(streamed(5, 256), 1024)).toBeNull();
  });

  it("refuses a declared Content-Length over the limit without reading", async () => {
    const request = new Request("http://onair.test/api/trpc/x", { method: "POST", body: "x".repeat(2048) });
    expect(await readBodyWithin(request, 1024)).toBeNull();
  });

  it("answers 413 with a JSON error", async () => {
    const response = payloadTooLarge(1024 * 1024);
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      error: { code: "PAYLOAD_TOO_LARGE", message: "The request body is larger than the 1024 KiB this API accepts." },
    });
  });
});

describe("bodyLimitFor", () => {
  it("allows an image upload (thumbnail, product photo) 6 MiB, alone", () => {
    expect(bodyLimitFor("/api/trpc/studio.uploadThumbnail")).toBe(MAX_UPLOAD_BODY_BYTES);
    expect(bodyLimitFor("/api/trpc/product.uploadImage")).toBe(MAX_UPLOAD_BODY_BYTES);
    expect(MAX_UPLOAD_BODY_BYTES).toBe(6 * 1024 * 1024);
  });

  it("keeps 1 MiB for everything else, batches with an upload included", () => {
    expect(bodyLimitFor("/api/trpc/chat.send")).toBe(MAX_REQUEST_BODY_BYTES);
    expect(bodyLimitFor("/api/trpc/studio.uploadThumbnail,chat.send")).toBe(MAX_REQUEST_BODY_BYTES);
    expect(bodyLimitFor("/api/trpc/studio.uploadThumbnail%2Cchat.send")).toBe(MAX_REQUEST_BODY_BYTES);
    expect(bodyLimitFor("/api/trpc/studio.uploadThumbnailX")).toBe(MAX_REQUEST_BODY_BYTES);
  });
});
