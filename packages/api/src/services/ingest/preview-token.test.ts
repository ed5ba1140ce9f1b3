import { describe, expect, it } from "vitest";
import { PREVIEW_TOKEN_TTL_MS, previewToken, verifyPreviewToken } from "./preview-token";

const SECRET = "preview-secret-preview-secret";

describe("preview tokens", () => {
  it("play the stream they were made for until they expire", () => {
    const now = 1_800_000_000_000;
    const token = previewToken(SECRET, "stream1", now);
    expect(token).toMatch(/^\d+\.[A-Za-z0-9_-]{43}$/);
    expect(verifyPreviewToken(SECRET, "stream1", token, now + 1_000)).toBe(true);
    expect(verifyPreviewToken(SECRET, "stream1", token, now + PREVIEW_TOKEN_TTL_MS)).toBe(false);
    expect(verifyPreviewToken(SECRET, "stream2", token, now)).toBe(false);
    expect(verifyPreviewToken("another-secret-another-secret", "stream1", token, now)).toBe(false);
  });

  it("refuse tampered, malformed and far-future tokens", () => {
    const now = 1_800_000_000_000;
    const [expires, signature] = previewToken(SECRET, "stream1", now).split(".");
    expect(verifyPreviewToken(SECRET, "stream1", `${Number(expires) + 1}.${signature}`, now)).toBe(false);
    expect(verifyPreviewToken(SECRET, "stream1", `${expires}.${signature!.slice(1)}A`, now)).toBe(false);
    expect(verifyPreviewToken(SECRET, "stream1", "", now)).toBe(false);
    expect(verifyPreviewToken(SECRET, "stream1", `${expires}`, now)).toBe(false);
    // A token signed for a later expiry than the lifetime allows (a leaked secret's forgeries are still bounded).
    const far = previewToken(SECRET, "stream1", now + 86_400_000);
    expect(verifyPreviewToken(SECRET, "stream1", far, now)).toBe(false);
  });
});
