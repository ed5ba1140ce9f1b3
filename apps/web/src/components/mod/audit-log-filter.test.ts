import { describe, expect, it } from "vitest";
import { NO_FILTER, detailsText, isNoFilter, logExportHref, logQueryInput, type LogFilter } from "./audit-log-filter";

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

describe("isNoFilter", () => {
  it("is true for the empty filters, also after typing only spaces", () => {
    expect(isNoFilter(NO_FILTER)).toBe(true);
    expect(isNoFilter({ ...NO_FILTER, actorId: "  " })).toBe(true);
    expect(isNoFilter({ ...NO_FILTER, who: "people" })).toBe(false);
    expect(isNoFilter({ ...NO_FILTER, actions: ["USER_BAN"] })).toBe(false);
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
