import { DEFAULT_CHAT_SETTINGS } from "../../lib/chat-modes";
import { describe, expect, it } from "vitest";
import {
  MESSAGES,
  buildCreateInput,
  buildUpdateInput,
  emptyStreamForm,
  fromDateTimeLocal,
  serverErrorsOf,
  streamToForm,
  toDateTimeLocal,
  validateStreamForm,
  type StreamFormValues,
} from "./stream-form";
import type { StudioStream } from "./types";

const { shieldMode: _shieldMode, ...OPEN_INITIAL_CHAT } = DEFAULT_CHAT_SETTINGS;
const NOW = new Date("2026-12-03T12:00:00Z");

function form(changes: Partial<StreamFormValues>): StreamFormValues {
  return { ...emptyStreamForm(), title: "Friday show", youtubeSource: "dQw4w9WgXcQ", ...changes };
}

function stream(changes: Partial<StudioStream> = {}): StudioStream {
  return {
    id: "stream-1",
    slug: "friday-show-ab12",
    title: "Friday show",
    description: "",
    status: "SCHEDULED",
    scheduledStartAt: new Date("2026-12-05T18:00:00Z"),
    startedAt: null,
    endedAt: null,
    video: { provider: "YOUTUBE", source: "dQw4w9WgXcQ" },
    autoGoLive: false,
    replayUrl: null,
    chat: DEFAULT_CHAT_SETTINGS,
    thumbnailUrl: null,
    videoProvider: "YOUTUBE",
    sourceConnected: null,
    shopModeratorsAllowed: false,
    analyticsModeratorsAllowed: false,
    ...changes,
  };
}

describe("datetime-local in a time zone", () => {
  it("shows an instant on the zone's wall clock", () => {
    expect(toDateTimeLocal(new Date("2026-12-03T17:05:00Z"), "Europe/Berlin")).toBe("2026-12-03T18:05");
    expect(toDateTimeLocal(new Date("2026-12-03T17:05:00Z"), "America/New_York")).toBe("2026-12-03T12:05");
    expect(toDateTimeLocal(new Date("2026-12-31T23:30:00Z"), "Asia/Tokyo")).toBe("2027-01-01T08:30");
  });

  it("reads a wall-clock value back as the same instant", () => {
    expect(fromDateTimeLocal("2026-12-03T18:05", "Europe/Berlin")).toEqual(new Date("2026-12-03T17:05:00Z"));
    expect(fromDateTimeLocal("2026-07-03T18:05", "Europe/Berlin")).toEqual(new Date("2026-07-03T16:05:00Z"));
    expect(fromDateTimeLocal("2026-12-03T12:05", "America/New_York")).toEqual(new Date("2026-12-03T17:05:00Z"));
    expect(fromDateTimeLocal("2026-12-03T12:05", "Asia/Kolkata")).toEqual(new Date("2026-12-03T06:35:00Z"));
  });

  it("gets the offset right on both sides of a daylight-saving change", () => {
    // New York springs forward at 2026-03-08 07:00Z (02:00 EST → 03:00 EDT).
    expect(fromDateTimeLocal("2026-03-08T01:30", "America/New_York")).toEqual(new Date("2026-03-08T06:30:00Z"));
    expect(fromDateTimeLocal("2026-03-08T03:30", "America/New_York")).toEqual(new Date("2026-03-08T07:30:00Z"));
    // 02:30 does not exist that night: it lands after the jump.
    expect(fromDateTimeLocal("2026-03-08T02:30", "America/New_York")).toEqual(new Date("2026-03-08T07:30:00Z"));
    // Berlin springs forward at 2026-03-29 01:00Z.
    expect(fromDateTimeLocal("2026-03-29T01:30", "Europe/Berlin")).toEqual(new Date("2026-03-29T00:30:00Z"));
    expect(fromDateTimeLocal("2026-03-29T03:30", "Europe/Berlin")).toEqual(new Date("2026-03-29T01:30:00Z"));
  });

  it("round-trips every quarter hour of a day across a change", () => {
    for (let minutes = 0; minutes < 48 * 60; minutes += 15) {
      const instant = new Date(Date.UTC(2026, 9, 24, 12) + minutes * 60_000);
      const shown = toDateTimeLocal(instant, "Europe/Berlin");
      expect(toDateTimeLocal(fromDateTimeLocal(shown, "Europe/Berlin")!, "Europe/Berlin")).toBe(shown);
    }
  });

  it("is null for an empty or impossible value", () => {
    expect(fromDateTimeLocal("", "UTC")).toBeNull();
    expect(fromDateTimeLocal("tomorrow", "UTC")).toBeNull();
    expect(fromDateTimeLocal("2026-02-30T10:00", "UTC")).toBeNull();
    expect(fromDateTimeLocal("2026-02-10T24:00", "UTC")).toBeNull();
  });
});

describe("validateStreamForm", () => {
  const options = { now: NOW, timeZone: "UTC" };

  it("finds nothing wrong with a complete form", () => {
    expect(validateStreamForm(form({ scheduledStart: "2026-12-04T20:00" }), options)).toEqual({});
  });

  it("names the problem next to its field", () => {
    expect(validateStreamForm(form({ title: "  " }), options)).toEqual({ title: MESSAGES.titleEmpty });
    expect(validateStreamForm(form({ title: "x".repeat(121) }), options)).toEqual({ title: MESSAGES.titleLong });
    expect(validateStreamForm(form({ description: "x".repeat(2001) }), options)).toEqual({ description: MESSAGES.descriptionLong });
    expect(validateStreamForm(form({ scheduledStart: "2026-12-03T11:00" }), options)).toEqual({ scheduledStart: MESSAGES.schedulePast });
    expect(validateStreamForm(form({ scheduledStart: "2028-01-01T11:00" }), options)).toEqual({ scheduledStart: MESSAGES.scheduleFar });
    expect(validateStreamForm(form({ youtubeSource: " " }), options)).toEqual({ youtubeSource: MESSAGES.youtubeMissing });
    expect(validateStreamForm(form({ provider: "HLS", hlsUrl: "" }), options)).toEqual({ hlsUrl: MESSAGES.hlsMissing });
    // What the URLs are is the server's to say (its sentences land next to the fields: see serverErrorsOf).
    expect(validateStreamForm(form({ youtubeSource: "https://example.com/watch?v=dQw4w9WgXcQ" }), options)).toEqual({});
  });

  it("checks the schedule on the viewer's wall clock", () => {
    // 12:30 in Berlin is 11:30 UTC, half an hour before NOW.
    expect(validateStreamForm(form({ scheduledStart: "2026-12-03T12:30" }), { now: NOW, timeZone: "Europe/Berlin" })).toEqual({
      scheduledStart: MESSAGES.schedulePast,
    });
    expect(validateStreamForm(form({ scheduledStart: "2026-12-03T12:30" }), options)).toEqual({});
  });

  it("refuses a source the server does not offer", () => {
    expect(validateStreamForm(form({ provider: "AGORA" }), { ...options, availableSources: { AGORA: false } })).toEqual({
      provider: MESSAGES.sourceUnavailable,
    });
  });

  it("leaves schedule and source alone once they are locked", () => {
    expect(
      validateStreamForm(form({ scheduledStart: "2020-01-01T00:00", youtubeSource: "nope" }), {
        ...options,
        scheduleAndSourceLocked: true,
      }),
    ).toEqual({});
  });
});

describe("buildCreateInput", () => {
  it("sends the trimmed values, the schedule as a Date and the chosen source", () => {
    const input = buildCreateInput(
      form({
        title: "  Friday show ",
        description: " ",
        scheduledStart: "2026-12-04T20:00",
        youtubeSource: " https://youtu.be/dQw4w9WgXcQ ",
      }),
      "Europe/Berlin",
      "req-1",
    );
    expect(input).toEqual({
      title: "Friday show",
      scheduledStartAt: new Date("2026-12-04T19:00:00Z"),
      video: { provider: "YOUTUBE", source: "https://youtu.be/dQw4w9WgXcQ" },
      chat: OPEN_INITIAL_CHAT,
      requestId: "req-1",
    });
  });

  it("sends no schedule when the box is empty, and each source's own fields", () => {
    expect(buildCreateInput(form({ provider: "INGEST", autoGoLive: true }), "UTC")).toMatchObject({
      scheduledStartAt: null,
      video: { provider: "INGEST", autoGoLive: true },
    });
    expect(buildCreateInput(form({ provider: "HLS", hlsUrl: "https://cdn.example/a.m3u8" }), "UTC").video).toEqual({
      provider: "HLS",
      url: "https://cdn.example/a.m3u8",
      replayUrl: null,
    });
    expect(buildCreateInput(form({ provider: "AGORA" }), "UTC").video).toEqual({ provider: "AGORA" });
  });

  it("sends the chat settings the form shows", () => {
    const values = form({});
    values.chat = { ...values.chat, slowModeSeconds: "30", followersOnly: true, followersOnlyMinutes: "10", profanityFilter: "BLOCK" };
    expect(buildCreateInput(values, "UTC").chat).toMatchObject({ slowModeSeconds: 30, followersOnlyMinutes: 10, profanityFilter: "BLOCK" });
  });
});

describe("buildUpdateInput", () => {
  it("sends only title and description when nothing else changed", () => {
    const current = stream();
    expect(buildUpdateInput(current, { ...streamToForm(current, "UTC"), title: "New title" }, "UTC")).toEqual({
      streamId: "stream-1",
      title: "New title",
      description: "",
    });
  });

  it("sends a changed schedule (or its removal) and a changed source while the stream is scheduled", () => {
    const current = stream();
    const values = streamToForm(current, "UTC");
    expect(buildUpdateInput(current, { ...values, scheduledStart: "2026-12-06T18:00" }, "UTC").scheduledStartAt).toEqual(
      new Date("2026-12-06T18:00:00Z"),
    );
    expect(buildUpdateInput(current, { ...values, scheduledStart: "" }, "UTC").scheduledStartAt).toBeNull();
    expect(buildUpdateInput(current, { ...values, youtubeSource: "https://youtu.be/dQw4w9WgXcQ" }, "UTC").video).toBeUndefined();
    expect(buildUpdateInput(current, { ...values, youtubeSource: "https://youtu.be/aaaaaaaaaaa" }, "UTC").video).toEqual({
      provider: "YOUTUBE",
      source: "https://youtu.be/aaaaaaaaaaa",
    });
    expect(buildUpdateInput(current, { ...values, provider: "INGEST", autoGoLive: true }, "UTC")).toMatchObject({
      video: { provider: "INGEST", autoGoLive: true },
      autoGoLive: true,
    });
  });

  it("keeps schedule and source out once the stream is no longer scheduled, but lets an HLS replay address change", () => {
    const missed = stream({ status: "MISSED" });
    expect(
      buildUpdateInput(missed, { ...streamToForm(missed, "UTC"), scheduledStart: "2026-12-09T10:00" }, "UTC").scheduledStartAt,
    ).toBeUndefined();
    const ended = stream({ status: "ENDED", video: { provider: "HLS", url: "https://cdn.example/a.m3u8", replayUrl: null } });
    const values = { ...streamToForm(ended, "UTC"), scheduledStart: "2026-12-09T10:00", hlsReplayUrl: "https://cdn.example/vod.m3u8" };
    expect(buildUpdateInput(ended, values, "UTC")).toEqual({
      streamId: "stream-1",
      title: "Friday show",
      description: "",
      replayUrl: "https://cdn.example/vod.m3u8",
    });
  });
});

describe("serverErrorsOf", () => {
  const zodError = { formErrors: [], fieldErrors: {} };

  it("puts each input error next to its field, the video's by its path", () => {
    const error = {
      message: "title: Title is longer than 120 characters.; video.source: That is not a YouTube video URL or id.",
      data: { zodError },
    };
    expect(serverErrorsOf(error, "YOUTUBE")).toEqual({
      fields: { title: "Title is longer than 120 characters.", youtubeSource: "That is not a YouTube video URL or id." },
      line: null,
    });
    expect(
      serverErrorsOf(
        {
          message: "video.url: The HLS URL must point to an .m3u8 playlist.; video.replayUrl: The replay URL is not a valid URL.",
          data: { zodError },
        },
        "HLS",
      ).fields,
    ).toEqual({ hlsUrl: "The HLS URL must point to an .m3u8 playlist.", hlsReplayUrl: "The replay URL is not a valid URL." });
    expect(
      serverErrorsOf({ message: "scheduledStartAt: The scheduled start is in the past.", data: { zodError } }, "INGEST").fields,
    ).toEqual({
      scheduledStart: "The scheduled start is in the past.",
    });
  });

  it("shows what concerns no field as one line", () => {
    expect(serverErrorsOf({ message: "Only creators can create streams: ask an admin.", data: { zodError: null } }, "YOUTUBE")).toEqual({
      fields: {},
      line: "Only creators can create streams: ask an admin.",
    });
    expect(serverErrorsOf({ message: "requestId: Not an id.; title: Title cannot be empty.", data: { zodError } }, "YOUTUBE")).toEqual({
      fields: { title: "Title cannot be empty." },
      line: "requestId: Not an id.",
    });
    expect(serverErrorsOf(null, "YOUTUBE")).toEqual({ fields: {}, line: null });
  });
});
