import type { DbOrTx, ModerationAction, Prisma } from "@onair/db";
import { publishCommitted, type EventBus } from "../../events/bus";
import type { ModerationLogView, StreamEvent } from "../../events/types";
import type { ServiceDeps, StreamDeps } from "../deps";
import { cursorArgs, pageOf, type PageRequest } from "../shared/pages";
import type { GlobalLogInput, ModerationLogInput } from "./schemas";

const userRef = { select: { id: true, username: true, name: true } } as const;

export const logEntrySelect = {
  id: true,
  streamId: true,
  stream: { select: { slug: true, title: true } },
  action: true,
  actor: userRef,
  targetUser: userRef,
  targetMessageId: true,
  reason: true,
  details: true,
  createdAt: true,
} satisfies Prisma.ModerationLogSelect;

type LogRow = Prisma.ModerationLogGetPayload<{ select: typeof logEntrySelect }>;

export function toLogView(row: LogRow): ModerationLogView {
  return { ...row, details: (row.details ?? {}) as Record<string, unknown> };
}

export interface LogEntry {
  streamId: string | null;
  /** Null for the filter's automatic decisions. */
  actorId: string | null;
  action: ModerationAction;
  targetUserId?: string | null;
  targetMessageId?: string | null;
  reason?: string | null;
  details?: Prisma.InputJsonObject;
}

/** Appends one audit row; call it inside the transaction that makes the change it records. */
export async function writeLog(tx: DbOrTx, entry: LogEntry): Promise<ModerationLogView> {
  const row = await tx.moderationLog.create({
    data: {
      streamId: entry.streamId,
      actorId: entry.actorId,
      action: entry.action,
      targetUserId: entry.targetUserId ?? null,
      targetMessageId: entry.targetMessageId ?? null,
      reason: entry.reason ?? null,
      details: entry.details ?? {},
    },
    select: logEntrySelect,
  });
  return toLogView(row);
}

/** The events that tell a stream's moderators (live audit log) about entries; global entries (no stream) have none. */
export function loggedEvents(entries: ModerationLogView[]): StreamEvent[] {
  const events: StreamEvent[] = [];
  for (const entry of entries) {
    if (entry.streamId) events.push({ type: "moderation.logged", streamId: entry.streamId, entry });
  }
  return events;
}

/** Tells the stream's moderators (live audit log) about committed entries. */
export async function publishLogged(bus: EventBus, entries: ModerationLogView[]): Promise<void> {
  for (const event of loggedEvents(entries)) await publishCommitted(bus, event);
}

export interface LogFilter {
  /** Null: every stream and the global entries (admins). */
  streamId: string | null;
  actions?: ModerationAction[];
  actorId?: string;
  targetUserId?: string;
  /** true: only the filter's decisions; false: only people's actions. */
  automatic?: boolean;
  from?: Date;
  to?: Date;
}

/** Every given filter applies (AND): `actorId` and `automatic` both constrain the actor, so neither may replace the other. */
function whereOf(filter: LogFilter): Prisma.ModerationLogWhereInput {
  const conditions: Prisma.ModerationLogWhereInput[] = [];
  if (filter.streamId) conditions.push({ streamId: filter.streamId });
  if (filter.actions?.length) conditions.push({ action: { in: filter.actions } });
  if (filter.actorId) conditions.push({ actorId: filter.actorId });
  if (filter.targetUserId) conditions.push({ targetUserId: filter.targetUserId });
  if (filter.automatic === true) conditions.push({ actorId: null });
  if (filter.automatic === false) conditions.push({ actorId: { not: null } });
  if (filter.from) conditions.push({ createdAt: { gte: filter.from } });
  if (filter.to) conditions.push({ createdAt: { lt: filter.to } });
  return { AND: conditions };
}

/** Newest first, a page at a time; pass `nextCursor` back for older entries. */
export async function listLog(db: DbOrTx, filter: LogFilter, page: PageRequest) {
  const rows = await db.moderationLog.findMany({
    where: whereOf(filter),
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    ...cursorArgs(page),
    select: logEntrySelect,
  });
  const { items, nextCursor } = pageOf(rows, page.limit);
  return { entries: items.map(toLogView), nextCursor };
}

/** One stream's audit log (moderation.log), newest first, filterable; the stream is the one the procedure checked. */
export function streamLog(deps: Pick<StreamDeps, "db" | "stream">, input: ModerationLogInput) {
  const { cursor, limit, streamId: _streamId, ...filter } = input;
  return listLog(deps.db, { ...filter, streamId: deps.stream.id }, { cursor, limit });
}

/** Every stream's entries and the global ones (role changes, global bans), or one stream's (admin.log). */
export function globalLog(deps: Pick<ServiceDeps, "db">, input: GlobalLogInput) {
  const { cursor, limit, streamId, ...filter } = input;
  return listLog(deps.db, { ...filter, streamId: streamId ?? null }, { cursor, limit });
}

/** Every matching entry, oldest first, read in pages (for exports). */
export async function* allLogEntries(db: DbOrTx, filter: LogFilter): AsyncGenerator<ModerationLogView> {
  let cursor: string | null = null;
  for (;;) {
    const rows: LogRow[] = await db.moderationLog.findMany({
      where: whereOf(filter),
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: 1_000,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      select: logEntrySelect,
    });
    for (const row of rows) yield toLogView(row);
    if (rows.length < 1_000) return;
    cursor = rows.at(-1)!.id;
  }
}

export const CSV_COLUMNS = [
  "id",
  "createdAt",
  "streamId",
  "stream",
  "action",
  "actorId",
  "actor",
  "targetUserId",
  "targetUser",
  "targetMessageId",
  "reason",
  "details",
] as const;

/** RFC 4180 quoting; a leading = + - @ is neutralised so spreadsheets do not run it as a formula. */
function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function logEntryToCsvRow(entry: ModerationLogView): string {
  const values = [
    entry.id,
    entry.createdAt.toISOString(),
    entry.streamId ?? "",
    entry.stream?.slug ?? "",
    entry.action,
    entry.actor?.id ?? "",
    entry.actor?.username ?? "(automatic)",
    entry.targetUser?.id ?? "",
    entry.targetUser?.username ?? "",
    entry.targetMessageId ?? "",
    entry.reason ?? "",
    JSON.stringify(entry.details),
  ];
  return `${values.map(csvField).join(",")}\r\n`;
}
