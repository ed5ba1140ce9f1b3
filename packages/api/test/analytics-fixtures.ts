import type { Db } from "@onair/db";
import { createUser, unique } from "./fixtures";

/**
 * A constructed stream for the analytics tests, with hand-computed figures.
 * Times are offsets from `base` (a whole minute): the stream is live from
 * 0:30 to 5:15 (285 s), so its minutes are 0..5 (minute 0 and 5 partly live).
 *
 * Viewers (each viewer's sessions merged; clipped to the live interval):
 * - A: two sessions at once on two instances, 0:00–2:30 and 1:00–3:00 → 0:30–3:00 (150 s)
 * - X (anonymous): 1:20–7:00 → 1:20–5:15 (235 s)
 * - Y (anonymous): 2:00–2:40 and 2:50–4:10 (40 + 80 = 120 s)
 * - B: −2:00–0:20, before going live: not a viewer of the stream
 * - C: 5:10–7:00 → 5:10–5:15 (5 s)
 * Per minute (viewer-seconds, most at once, distinct viewers):
 *   0: 30, 1, 1 · 1: 60+40 = 100, 2, 2 · 2: 60+60+50 = 170, 3, 3 · 3: 60+60 = 120, 2, 2 · 4: 60+10 = 70, 2, 2 · 5: 15+5 = 20, 2, 2
 * Whole stream: 510 viewer-seconds, peak 3, 4 unique viewers, 510/285 average, 127.5 s average watch.
 *
 * Chat (messages with a sequence number, i.e. shown, even if deleted later):
 *   0:10 A (before live: not counted) · 0:45 A (m0) · 1:05 A, 1:30 B (m1) · 1:31 C held (never shown: not counted)
 *   · 2:15 B, deleted later (m2) · 4:59 C (m4) · 5:20 A (after the end: not counted); 1:00 in another stream.
 *   → 5 messages, 3 chatters (A, B, C).
 * Likes: 2:10 and 2:50 (m2); one at −1:00 (before live: not counted) → 2 likers.
 * Follows of the owner: 3:30 (m3), 5:14 (m5); 6:00 (after) and a follow of another channel at 3:00 not counted → 2.
 */
export const SCENARIO_MINUTES = [
  { viewerSeconds: 30, viewersMax: 1, uniqueViewers: 1, messages: 1, chatters: 1, likes: 0, follows: 0 },
  { viewerSeconds: 100, viewersMax: 2, uniqueViewers: 2, messages: 2, chatters: 2, likes: 0, follows: 0 },
  { viewerSeconds: 170, viewersMax: 3, uniqueViewers: 3, messages: 1, chatters: 1, likes: 2, follows: 0 },
  { viewerSeconds: 120, viewersMax: 2, uniqueViewers: 2, messages: 0, chatters: 0, likes: 0, follows: 1 },
  { viewerSeconds: 70, viewersMax: 2, uniqueViewers: 2, messages: 1, chatters: 1, likes: 0, follows: 0 },
  { viewerSeconds: 20, viewersMax: 2, uniqueViewers: 2, messages: 0, chatters: 0, likes: 0, follows: 1 },
] as const;

export const SCENARIO_SUMMARY = {
  durationSeconds: 285,
  peakViewers: 3,
  viewerSeconds: 510,
  uniqueViewers: 4,
  chatMessages: 5,
  chatters: 3,
  likers: 2,
  newFollowers: 2,
} as const;

/** Whole minutes after the Unix epoch, as a Date (an "era" far from now, so real-time collectors never touch it). */
export function minuteAt(iso: string): Date {
  const date = new Date(iso);
  if (date.getTime() % 60_000 !== 0) throw new Error(`${iso} is not a whole minute`);
  return date;
}

export interface Scenario {
  streamId: string;
  ownerId: string;
  slug: string;
  base: Date;
  /** The live interval. */
  startedAt: Date;
  endedAt: Date;
  /** Users: A, B, C chat; A and C watch. */
  users: Record<"a" | "b" | "c", { id: string }>;
}

/** Builds the scenario above at `base` (status ENDED; the collector treats it as live while `now` is before its end). */
export async function createScenario(db: Db, base: Date, options: { ownerId?: string; title?: string } = {}): Promise<Scenario> {
  const at = (minutes: number, seconds: number) => new Date(base.getTime() + (minutes * 60 + seconds) * 1000);
  const [owner, a, b, c, otherOwner, ...others] = await Promise.all(Array.from({ length: 12 }, () => createUser(db)));
  const ownerId = options.ownerId ?? owner!.id;
  const startedAt = at(0, 30);
  const endedAt = at(5, 15);
  const stream = await db.liveStream.create({
    data: {
      slug: unique("analytics-"),
      title: options.title ?? "Analytics scenario",
      ownerId,
      status: "ENDED",
      videoSource: "dQw4w9WgXcQ",
      startedAt,
      endedAt,
      lastMessageSeq: 7,
    },
  });
  const otherStream = await db.liveStream.create({
    // Never live: the collector has nothing to write for it.
    data: { slug: unique("other-"), title: "Other", ownerId: otherOwner!.id, status: "SCHEDULED", videoSource: "x" },
  });
  const x = `a:x-${unique("")}`;
  const y = `a:y-${unique("")}`;
  const session = (viewerKey: string, userId: string | null, joinedAt: Date, leftAt: Date, instanceId = "ws-1") => ({
    streamId: stream.id,
    viewerKey,
    userId,
    instanceId,
    joinedAt,
    leftAt,
  });
  await db.viewerSession.createMany({
    data: [
      session(`u:${a!.id}`, a!.id, at(0, 0), at(2, 30), "ws-1"),
      session(`u:${a!.id}`, a!.id, at(1, 0), at(3, 0), "ws-2"),
      session(x, null, at(1, 20), at(7, 0)),
      session(y, null, at(2, 0), at(2, 40)),
      session(y, null, at(2, 50), at(4, 10)),
      session(`u:${b!.id}`, b!.id, at(-2, 0), at(0, 20)),
      session(`u:${c!.id}`, c!.id, at(5, 10), at(7, 0)),
    ],
  });
  const message = (userId: string, createdAt: Date, seq: number | null, status: "VISIBLE" | "HELD" | "DELETED" = "VISIBLE") => ({
    streamId: stream.id,
    userId,
    body: "hi",
    createdAt,
    seq,
    status,
  });
  await db.chatMessage.createMany({
    data: [
      message(a!.id, at(0, 10), 1),
      message(a!.id, at(0, 45), 2),
      message(a!.id, at(1, 5), 3),
      message(b!.id, at(1, 30), 4),
      message(c!.id, at(1, 31), null, "HELD"),
      message(b!.id, at(2, 15), 5, "DELETED"),
      message(c!.id, at(4, 59), 6),
      message(a!.id, at(5, 20), 7),
      { streamId: otherStream.id, userId: a!.id, body: "elsewhere", createdAt: at(1, 0), seq: 1 },
    ],
  });
  const [d, e, f, g, h, i, j] = others;
  await db.streamLike.createMany({
    data: [
      { streamId: stream.id, userId: d!.id, createdAt: at(2, 10) },
      { streamId: stream.id, userId: e!.id, createdAt: at(2, 50) },
      { streamId: stream.id, userId: f!.id, createdAt: at(-1, 0) },
    ],
  });
  await db.follow.createMany({
    data: [
      { followerId: g!.id, channelId: ownerId, createdAt: at(3, 30) },
      { followerId: h!.id, channelId: ownerId, createdAt: at(5, 14) },
      { followerId: i!.id, channelId: ownerId, createdAt: at(6, 0) },
      { followerId: j!.id, channelId: otherOwner!.id, createdAt: at(3, 0) },
    ],
  });
  return { streamId: stream.id, ownerId, slug: stream.slug, base, startedAt, endedAt, users: { a: a!, b: b!, c: c! } };
}

/** A stream's collected minutes as offsets from `base`, in the scenario's shape (viewersAvg turned back into viewer-seconds). */
export async function collectedMinutes(db: Db, streamId: string, base: Date) {
  const rows = await db.streamMetricMinute.findMany({ where: { streamId }, orderBy: { minute: "asc" } });
  return rows.map((row) => ({
    offset: (row.minute.getTime() - base.getTime()) / 60_000,
    viewerSeconds: Math.round(row.viewersAvg * 60 * 1000) / 1000,
    watchSeconds: row.watchSeconds,
    viewersMax: row.viewersMax,
    uniqueViewers: row.uniqueViewers,
    messages: row.messages,
    chatters: row.chatters,
    likes: row.likes,
    follows: row.follows,
  }));
}

/** The scenario's expected minutes in the shape collectedMinutes returns. */
export function expectedScenarioMinutes() {
  return SCENARIO_MINUTES.map((minute, offset) => ({ offset, watchSeconds: minute.viewerSeconds, ...minute }));
}
