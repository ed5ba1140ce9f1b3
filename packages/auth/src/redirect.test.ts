import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "./redirect";

const ORIGIN = "http://localhost:3000";
const LONG = "/" + "a".repeat(3000);

// [callbackUrl, where it leads]: a path of the app, or home.
const TABLE: Array<[unknown, string]> = [
  ["/s/demo", "/s/demo"],
  ["/mod/demo?tab=log#top", "/mod/demo?tab=log#top"],
  ["/", "/"],
  ["/a/../b", "/b"],
  ["/\\evil.example/x", "/"],
  ["/%09/evil.example/x", "/"],
  ["/\t/evil.example/x", "/"],
  ["//evil.example", "/"],
  ["//evil.example/x", "/"],
  ["///evil.example", "/"],
  ["/%2F/evil.example", "/"],
  ["/%5Cevil.example", "/"],
  ["/%5cevil.example", "/"],
  ["\\\\evil.example", "/"],
  ["https://evil.example/x", "/"],
  ["http://localhost:3000/s/demo", "/"],
  ["javascript:alert(1)", "/"],
  ["JaVaScRiPt:alert(1)", "/"],
  ["data:text/html,<script>alert(1)</script>", "/"],
  [" /s/demo", "/"],
  ["/s/demo\n", "/"],
  ["/%E0%A4%A", "/"],
  ["s/demo", "/"],
  ["", "/"],
  [LONG, "/"],
  [undefined, "/"],
  [["/s/demo"], "/"],
];

describe("safeCallbackPath", () => {
  it("leads only to paths of the app: the redirect table", () => {
    const got = TABLE.map(([input]) => safeCallbackPath(input));
    expect(got).toEqual(TABLE.map(([, expected]) => expected));
  });

  it("accepts absolute URLs only on the given origin, reduced to their path", () => {
    expect(safeCallbackPath(`${ORIGIN}/s/demo?x=1`, ORIGIN)).toBe("/s/demo?x=1");
    expect(safeCallbackPath(`${ORIGIN}//evil.example/x`, ORIGIN)).toBe("/");
    expect(safeCallbackPath(`${ORIGIN}/%09/evil.example`, ORIGIN)).toBe("/");
    expect(safeCallbackPath("http://localhost:3001/s/demo", ORIGIN)).toBe("/");
    expect(safeCallbackPath("https://localhost:3000/s/demo", ORIGIN)).toBe("/");
    expect(safeCallbackPath("http://localhost:3000@evil.example/", ORIGIN)).toBe("/");
    expect(safeCallbackPath("javascript:alert(1)", ORIGIN)).toBe("/");
    expect(safeCallbackPath("/s/demo", ORIGIN)).toBe("/s/demo");
  });
});
