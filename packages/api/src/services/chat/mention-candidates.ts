import { Prisma } from "@onair/db";
import type { ViewerRef } from "../../events/types";
import { AppError } from "../../errors";
import type { ServiceDeps } from "../deps";
import { MENTION_CANDIDATES_MAX, type MentionCandidatesInput } from "./schemas";

/** Who counts as in the chat: the authors of this many newest messages… */
const RECENT_MESSAGES = 500;
/** …and signed-in viewers watching now who match: this many are enough to fill the list after the chatters. */
const PRESENT_VIEWERS = 50;

/**
 * The people `@prefix` may mean in a stream's chat, for the composer's autocomplete: recent chatters
 * (most recent first) and signed-in viewers watching now, whose username or name (any word of it)
 * starts with the prefix; never the caller. Rate-limited per user (or per address when signed out).
 */
export async function mentionCandidates(
  deps: Pick<ServiceDeps, "db" | "limits" | "actor" | "clientIp">,
  input: MentionCandidatesInput,
): Promise<ViewerRef[]> {
  const { db, actor } = deps;
  const client = actor ? `user:${actor.id}` : `ip:${deps.clientIp ?? "unknown"}`;
  const waitMs = await deps.limits.chat.takeMentionLookup(client);
  if (waitMs !== null) {
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    throw new AppError("TOO_MANY_REQUESTS", `Too many name look-ups: try again in ${seconds} second${seconds === 1 ? "" : "s"}.`, {
      retryAfterMs: waitMs,
    });
  }
  const stream = await db.liveStream.findUnique({ where: { id: input.streamId }, select: { lastMessageSeq: true } });
  if (!stream) throw new AppError("NOT_FOUND", "Stream not found.");

  const { prefix } = input;
  const others = Prisma.sql`u.id <> ${actor?.id ?? ""}`;
  // starts_with and position take the prefix as plain text: no LIKE or regex characters to escape.
  const matches = Prisma.sql`(starts_with(u.username, ${prefix}) OR starts_with(lower(u.name), ${prefix}) OR position(${` ${prefix}`} IN lower(u.name)) > 0)`;
  return db.$queryRaw<ViewerRef[]>`
    WITH recent AS (
      SELECT "userId", max(seq) AS "lastSeq" FROM chat_messages
      WHERE "streamId" = ${input.streamId} AND status = 'VISIBLE' AND seq > ${stream.lastMessageSeq - RECENT_MESSAGES}
      GROUP BY "userId"
    ), present AS (
      SELECT DISTINCT s."userId" FROM viewer_sessions s JOIN users u ON u.id = s."userId"
      WHERE s."streamId" = ${input.streamId} AND s."leftAt" IS NULL AND ${others} AND ${matches}
      LIMIT ${PRESENT_VIEWERS}
    ), people AS (
      SELECT "userId" FROM recent UNION SELECT "userId" FROM present
    )
    SELECT u.id, u.username, u.name
    FROM people JOIN users u ON u.id = people."userId"
    LEFT JOIN recent ON recent."userId" = u.id
    WHERE ${others} AND ${matches}
    ORDER BY recent."lastSeq" DESC NULLS LAST, u.username
    LIMIT ${MENTION_CANDIDATES_MAX}`;
}
