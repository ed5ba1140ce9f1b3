import type { ModerationLogView } from "@onair/api/events";
import { describe, expect, it } from "vitest";
import {
  NO_FILTER,
  detailsText,
  isNoFilter,
  logExportHref,
  logQueryInput,
  matchesFilter,
  newestFirst,
  type LogFilter,
} from "./audit-log-filter";

const ann = { id: "user-ann", username: "ann", name: null };
const bob = { id: "user-bob", username: "bob", name: null };

function entry(overrides: Partial<ModerationLogView>): ModerationLogView {
  return {
    id: "entry-1",
    streamId: "stream-1",
    stream: null,
    action: "USER_BAN",
    actor: ann,
    targetUser: bob,
    targetMessageId: null,
    reason: null,
    details: {},
    createdAt: new Date("2026-12-01T10:00:00Z"),
    ...overrides,
  };
}

describe("logQueryInput", () => {
  it("asks for the first page of everything when no filter is set", () => {
    expect(logQueryInput("stream-1", NO_FILTER)).toEqual({ streamId: "stream-1", limit: 50 });
  });

  it("sends each filter that is set, with typed ids trimmed", () => {
    const filter: LogFilter = { actions: ["USER_BAN", "TERM_ADD"], who: "people", actorId: " user-ann ", targetUserId: "user-bob" };
    expect(logQueryInput("stream-1", filter)).toEqual({
      streamId: "stream-1",
      limit: 50,
      actions: ["USER_BAN", "TERM_ADD"],
      automatic: false,
      actorId: "user-ann",
      targetUserId: "user-bob",
    });
    expect(logQueryInput("stream-1", { ...NO_FILTER, who: "automatic" })).toEqual({ streamId: "stream-1", limit: 50, automatic: true });
  });

  it("leaves out ids that are only spaces", () => {
    expect(logQueryInput("stream-1", { ...NO_FILTER, actorId: "  ", targetUserId: "" })).toEqual({ streamId: "stream-1", limit: 50 });
  });
});

describe("logExportHref", () => {
  it("links the whole log in the chosen format", () => {
    expect(logExportHref("stream-1", NO_FILTER, "csv")).toBe("/api/moderation-log?streamId=stream-1&format=csv");
  });

  it("carries the same filters as the list: one action parameter per action", () => {
    const filter: LogFilter = { actions: ["USER_BAN", "TERM_ADD"], who: "automatic", actorId: "", targetUserId: " user-bob " };
    const url = new URL(logExportHref("stream-1", filter, "json"), "http://localhost");
    expect(url.pathname).toBe("/api/moderation-log");
    expect(url.searchParams.get("format")).toBe("json");
    expect(url.searchParams.getAll("action")).toEqual(["USER_BAN", "TERM_ADD"]);
    expect(url.searchParams.get("automatic")).toBe("true");
    expect(url.searchParams.get("targetUserId")).toBe("user-bob");
    expect(url.searchParams.has("actorId")).toBe(false);
  });
});

describe("matchesFilter", () => {
  it("lets every entry through without filters", () => {
    expect(matchesFilter(entry({}), NO_FILTER)).toBe(true);
    expect(matchesFilter(entry({ actor: null }), NO_FILTER)).toBe(true);
  });

  it("keeps only the chosen actions", () => {
    expect(matchesFilter(entry({ action: "USER_BAN" }), { ...NO_FILTER, actions: ["USER_BAN"] })).toBe(true);
    expect(matchesFilter(entry({ action: "TERM_ADD" }), { ...NO_FILTER, actions: ["USER_BAN"] })).toBe(false);
  });

  it("tells the filter's automatic decisions (no actor) from people's", () => {
    expect(matchesFilter(entry({ actor: null }), { ...NO_FILTER, who: "automatic" })).toBe(true);
    expect(matchesFilter(entry({ actor: ann }), { ...NO_FILTER, who: "automatic" })).toBe(false);
    expect(matchesFilter(entry({ actor: ann }), { ...NO_FILTER, who: "people" })).toBe(true);
    expect(matchesFilter(entry({ actor: null }), { ...NO_FILTER, who: "people" })).toBe(false);
  });

  it("matches the actor and the target by id", () => {
    expect(matchesFilter(entry({}), { ...NO_FILTER, actorId: "user-ann" })).toBe(true);
    expect(matchesFilter(entry({}), { ...NO_FILTER, actorId: "user-bob" })).toBe(false);
    expect(matchesFilter(entry({}), { ...NO_FILTER, targetUserId: "user-bob" })).toBe(true);
    expect(matchesFilter(entry({ targetUser: null }), { ...NO_FILTER, targetUserId: "user-bob" })).toBe(false);
  });
});

describe("isNoFilter", () => {
  it("is true for the empty filters, also after typing only spaces", () => {
    expect(isNoFilter(NO_FILTER)).toBe(true);
    expect(isNoFilter({ ...NO_FILTER, actorId: "  " })).toBe(true);
    expect(isNoFilter({ ...NO_FILTER, who: "people" })).toBe(false);
    expect(isNoFilter({ ...NO_FILTER, actions: ["USER_BAN"] })).toBe(false);
  });
});

describe("newestFirst", () => {
  it("orders by time, newest first, and keeps each entry once", () => {
    const older = entry({ id: "a", createdAt: new Date("2026-12-01T10:00:00Z") });
    const newer = entry({ id: "b", createdAt: new Date("2026-12-01T11:00:00Z") });
    expect(newestFirst([older, newer, older]).map((known) => known.id)).toEqual(["b", "a"]);
  });

  it("breaks ties in time by id, so the order does not depend on arrival", () => {
    const at = new Date("2026-12-01T10:00:00Z");
    const first = entry({ id: "a", createdAt: at });
    const second = entry({ id: "b", createdAt: at });
    expect(newestFirst([first, second]).map((known) => known.id)).toEqual(["b", "a"]);
    expect(newestFirst([second, first]).map((known) => known.id)).toEqual(["b", "a"]);
  });
});

describe("detailsText", () => {
  it("is null when there is nothing but message ids", () => {
    expect(detailsText({})).toBeNull();
    expect(detailsText({ messageIds: ["m1", "m2"] })).toBeNull();
  });

  it("shows the rest as JSON, cut at 200 characters", () => {
    expect(detailsText({ messageIds: ["m1"], durationSeconds: 600 })).toBe('{"durationSeconds":600}');
    const long = detailsText({ note: "x".repeat(300) });
    expect(long).toHaveLength(201);
    expect(long!.endsWith("…")).toBe(true);
  });
});
