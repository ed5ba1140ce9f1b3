import { DEFAULT_CHAT_SETTINGS } from "../../lib/chat-modes";
import { fromForm, toForm, type SettingsForm } from "../mod/chat-settings-form";
import type { CreateStreamInput, StudioStream, UpdateStreamInput, VideoInput, VideoProvider } from "./types";

export const TITLE_MAX = 120;
export const DESCRIPTION_MAX = 2_000;
/** The server accepts a start up to a minute in the past (the time it took to submit) and up to a year ahead. */
const SCHEDULE_GRACE_MS = 60_000;
const SCHEDULE_MAX_MS = 366 * 24 * 60 * 60 * 1000;

/** The create/edit form as typed: text as text, the schedule as a `datetime-local` value in the viewer's time zone. */
export interface StreamFormValues {
  title: string;
  description: string;
  /** "YYYY-MM-DDTHH:mm" in the viewer's time zone; "" = no schedule. */
  scheduledStart: string;
  provider: VideoProvider;
  youtubeSource: string;
  hlsUrl: string;
  hlsReplayUrl: string;
  autoGoLive: boolean;
  chat: SettingsForm;
}

export type StreamFormField =
  "title" | "description" | "scheduledStart" | "youtubeSource" | "hlsUrl" | "hlsReplayUrl" | "provider" | "chat";
export type StreamFormErrors = Partial<Record<StreamFormField, string>>;

export function emptyStreamForm(): StreamFormValues {
  return {
    title: "",
    description: "",
    scheduledStart: "",
    provider: "YOUTUBE",
    youtubeSource: "",
    hlsUrl: "",
    hlsReplayUrl: "",
    autoGoLive: false,
    chat: toForm(DEFAULT_CHAT_SETTINGS),
  };
}

/** The form filled with a stream's current values (edit). */
export function streamToForm(stream: StudioStream, timeZone: string): StreamFormValues {
  const video = stream.video;
  return {
    title: stream.title,
    description: stream.description,
    scheduledStart: stream.scheduledStartAt ? toDateTimeLocal(stream.scheduledStartAt, timeZone) : "",
    provider: video.provider,
    youtubeSource: video.provider === "YOUTUBE" ? video.source : "",
    hlsUrl: video.provider === "HLS" ? video.url : "",
    hlsReplayUrl: (video.provider === "HLS" ? video.replayUrl : null) ?? stream.replayUrl ?? "",
    autoGoLive: stream.autoGoLive,
    chat: toForm(stream.chat),
  };
}

// ---- datetime-local <-> Date in a time zone ----

const DATE_TIME_LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** The wall-clock fields of an instant in a time zone. */
function wallClock(date: Date, timeZone: string) {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(date);
  const field = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((part) => part.type === type)?.value);
  return {
    year: field("year"),
    month: field("month"),
    day: field("day"),
    hour: field("hour"),
    minute: field("minute"),
    second: field("second"),
  };
}

/** How far the zone's wall clock is ahead of UTC at this instant, in ms. */
function zoneOffsetMs(date: Date, timeZone: string): number {
  const clock = wallClock(date, timeZone);
  const asUtc = Date.UTC(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute, clock.second);
  return asUtc - Math.floor(date.getTime() / 1000) * 1000;
}

/** An instant as an `<input type="datetime-local">` value ("YYYY-MM-DDTHH:mm") on the zone's wall clock. */
export function toDateTimeLocal(date: Date, timeZone: string): string {
  const clock = wallClock(date, timeZone);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${String(clock.year).padStart(4, "0")}-${two(clock.month)}-${two(clock.day)}T${two(clock.hour)}:${two(clock.minute)}`;
}

/**
 * The instant a `datetime-local` value means on the zone's wall clock; null when empty or not a date.
 * A time skipped by a daylight-saving change (02:30 on the spring-forward night) lands just after the jump.
 */
export function fromDateTimeLocal(value: string, timeZone: string): Date | null {
  const match = DATE_TIME_LOCAL.exec(value.trim());
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const wallAsUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(wallAsUtc);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59) return null;
  // The zone's offset at the guessed instant, then at the corrected one: one of them is right on either side of a
  // daylight-saving change. A wall time the change skips matches neither; it takes the later one (after the jump).
  const guess = wallAsUtc - zoneOffsetMs(new Date(wallAsUtc), timeZone);
  const corrected = wallAsUtc - zoneOffsetMs(new Date(guess), timeZone);
  const wanted = toDateTimeLocal(new Date(wallAsUtc), "UTC");
  const exact = [corrected, guess].find((candidate) => toDateTimeLocal(new Date(candidate), timeZone) === wanted);
  return new Date(exact ?? Math.max(guess, corrected));
}

/** The viewer's time zone (the browser's), e.g. "Europe/Berlin". */
export function viewerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

// ---- validation ----

/** The server's own sentences for what the form checks before sending (video URLs are checked by the server only). */
export const MESSAGES = {
  titleEmpty: "Title cannot be empty.",
  titleLong: `Title is longer than ${TITLE_MAX} characters.`,
  descriptionLong: `Description is longer than ${DESCRIPTION_MAX.toLocaleString("en")} characters.`,
  scheduleInvalid: "That is not a date and time.",
  schedulePast: "The scheduled start is in the past.",
  scheduleFar: "The scheduled start is more than a year away.",
  youtubeMissing: "Paste a YouTube video URL or id.",
  hlsMissing: "Paste the HLS playlist URL (.m3u8).",
  sourceUnavailable: "This video source is not available on this server.",
} as const;

export interface ValidateOptions {
  now: Date;
  timeZone: string;
  /** Sources the server offers; a source not offered cannot be picked. */
  availableSources?: Partial<Record<VideoProvider, boolean>>;
  /** Editing a stream that is no longer scheduled: its schedule and source are fixed. */
  scheduleAndSourceLocked?: boolean;
}

/** What is wrong with the form, field by field (empty when it can be sent). The server checks everything again. */
export function validateStreamForm(values: StreamFormValues, options: ValidateOptions): StreamFormErrors {
  const errors: StreamFormErrors = {};
  const title = values.title.trim();
  if (!title) errors.title = MESSAGES.titleEmpty;
  else if (title.length > TITLE_MAX) errors.title = MESSAGES.titleLong;
  if (values.description.trim().length > DESCRIPTION_MAX) errors.description = MESSAGES.descriptionLong;
  if (options.scheduleAndSourceLocked) return errors;

  if (values.scheduledStart.trim()) {
    const start = fromDateTimeLocal(values.scheduledStart, options.timeZone);
    if (!start) errors.scheduledStart = MESSAGES.scheduleInvalid;
    else if (start.getTime() < options.now.getTime() - SCHEDULE_GRACE_MS) errors.scheduledStart = MESSAGES.schedulePast;
    else if (start.getTime() > options.now.getTime() + SCHEDULE_MAX_MS) errors.scheduledStart = MESSAGES.scheduleFar;
  }
  if (options.availableSources?.[values.provider] === false) errors.provider = MESSAGES.sourceUnavailable;
  if (values.provider === "YOUTUBE" && !values.youtubeSource.trim()) errors.youtubeSource = MESSAGES.youtubeMissing;
  if (values.provider === "HLS" && !values.hlsUrl.trim()) errors.hlsUrl = MESSAGES.hlsMissing;
  return errors;
}

// ---- building the inputs ----

function videoOf(values: StreamFormValues): VideoInput {
  switch (values.provider) {
    case "YOUTUBE":
      return { provider: "YOUTUBE", source: values.youtubeSource.trim() };
    case "HLS":
      return { provider: "HLS", url: values.hlsUrl.trim(), replayUrl: values.hlsReplayUrl.trim() || null };
    case "AGORA":
      return { provider: "AGORA" };
    case "INGEST":
      return { provider: "INGEST", autoGoLive: values.autoGoLive };
  }
}

/** stream.create's input (call after validateStreamForm found nothing). */
export function buildCreateInput(values: StreamFormValues, timeZone: string, requestId?: string): CreateStreamInput {
  const description = values.description.trim();
  return {
    title: values.title.trim(),
    ...(description ? { description } : {}),
    scheduledStartAt: fromDateTimeLocal(values.scheduledStart, timeZone),
    video: videoOf(values),
    chat: fromForm(values.chat),
    ...(requestId ? { requestId } : {}),
  };
}

function sameVideo(a: VideoInput, b: VideoInput): boolean {
  if (a.provider !== b.provider) return false;
  // The server keeps a YouTube link as its video id: a link to the same video is no change (the server decides what it is).
  if (a.provider === "YOUTUBE" && b.provider === "YOUTUBE") return a.source.trim().includes(b.source);
  if (a.provider === "HLS" && b.provider === "HLS") return a.url === b.url && (a.replayUrl ?? null) === (b.replayUrl ?? null);
  // AGORA has nothing to compare; INGEST's autoGoLive is sent on its own.
  return true;
}

/** Whether the stream's schedule and video source may still change (only while it is scheduled). */
export function canChangeScheduleAndSource(stream: Pick<StudioStream, "status">): boolean {
  return stream.status === "SCHEDULED";
}

/**
 * stream.update's input: title and description always (the server needs at least one),
 * everything else only when it changed and may change in the stream's state.
 */
export function buildUpdateInput(stream: StudioStream, values: StreamFormValues, timeZone: string): UpdateStreamInput {
  const input: UpdateStreamInput = { streamId: stream.id, title: values.title.trim(), description: values.description.trim() };
  const video = videoOf(values);
  if (canChangeScheduleAndSource(stream)) {
    const scheduledStartAt = fromDateTimeLocal(values.scheduledStart, timeZone);
    if ((scheduledStartAt?.getTime() ?? null) !== (stream.scheduledStartAt?.getTime() ?? null)) input.scheduledStartAt = scheduledStartAt;
    if (!sameVideo(video, stream.video)) input.video = video;
  } else if (video.provider === "HLS" && (video.replayUrl ?? null) !== (stream.replayUrl ?? null)) {
    input.replayUrl = video.replayUrl ?? null;
  }
  if (video.provider === "INGEST" && values.autoGoLive !== stream.autoGoLive) input.autoGoLive = values.autoGoLive;
  return input;
}

// ---- server errors ----

/** Which form field an input error's path (as the server writes it: "video.url") belongs to. */
function fieldOfPath(path: string, provider: VideoProvider): StreamFormField | null {
  const [head, next] = path.split(".");
  switch (head) {
    case "title":
    case "description":
      return head;
    case "scheduledStartAt":
      return "scheduledStart";
    case "replayUrl":
      return "hlsReplayUrl";
    case "chat":
      return "chat";
    case "video":
      if (next === "replayUrl") return "hlsReplayUrl";
      if (next === "url") return "hlsUrl";
      if (next === "source") return "youtubeSource";
      return provider === "YOUTUBE" ? "youtubeSource" : provider === "HLS" ? "hlsUrl" : "provider";
    default:
      return null;
  }
}

interface RefusedSave {
  message: string;
  data?: unknown;
}

/**
 * A refused save as the form shows it: input errors next to the fields they concern, anything else as one line.
 * The server writes input errors as "path: sentence" joined by "; " (zodError set); other refusals are one sentence.
 */
export function serverErrorsOf(error: RefusedSave | null, provider: VideoProvider): { fields: StreamFormErrors; line: string | null } {
  if (!error) return { fields: {}, line: null };
  const data = error.data as { zodError?: unknown } | undefined;
  if (!data?.zodError) return { fields: {}, line: error.message };
  const fields: StreamFormErrors = {};
  const rest: string[] = [];
  for (const part of error.message.split("; ")) {
    const match = /^([\w.]+): (.+)$/.exec(part);
    const field = match ? fieldOfPath(match[1]!, provider) : null;
    if (match && field) fields[field] ??= match[2]!;
    else rest.push(part);
  }
  return { fields, line: rest.length > 0 ? rest.join(" ") : null };
}
