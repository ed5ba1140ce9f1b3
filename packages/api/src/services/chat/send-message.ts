import { randomUUID } from "node:crypto";
import type { ChatBadge, Db, DbOrTx, Prisma } from "@onair/db";
import { publishCommitted } from "../../events/bus";
import type { ChatMessageView, HeldMessageView, ModerationLogView, StreamEvent } from "../../events/types";
import { AppError } from "../../errors";
import { loggedEvents, publishLogged, writeLog } from "../moderation/audit";
import { advisoryLock } from "../shared/locks";
import { inTransaction } from "../shared/transaction";
import { canModerate, type StreamRole } from "../moderation/permissions";
import type { SignedInDeps } from "../deps";
import { chatModeRefusal, limitRefusal, loadChatStanding, refusalForEveryone, senderRole } from "./chat-rules";
import { filterFor, type FilterVerdict } from "./content-filter";
import { chatMessageSelect, heldMessageSelect, replyPreview, replyToSelect, toChatMessageViews, toHeldMessageView } from "./message-view";
import type { SendMessageInput } from "./schemas";
import { notifyChatMessage } from "../notifications/producers";

const MENTION = /(?:^|[^\w@])@([a-z0-9_]{3,24})\b/gi;

/** A repeat ESCALATE match within this window times the sender out for ESCALATION_TIMEOUT_MS. */
export const ESCALATION_WINDOW_MS = 10 * 60_000;
export const ESCALATION_TIMEOUT_MS = 10 * 60_000;

export function mentionedUsernames(body: string): string[] {
  return [...new Set([...body.matchAll(MENTION)].map((match) => match[1]!.toLowerCase()))];
}

export type SendResult =
  /** Published to everyone; `masked` when the filter starred out words. */
  | { status: "VISIBLE"; message: ChatMessageView; masked: boolean }
  /** Waiting for a moderator: only the author (and moderators) see it, as pending. */
  | { status: "HELD"; message: HeldMessageView };

/** clientIp: for the per-IP limit; null when unknown. */
type Deps = Pick<SignedInDeps, "db" | "bus" | "limits" | "actor" | "clientIp"> & Partial<Pick<SignedInDeps, "jobs" | "push">>;

function badgeOf(role: StreamRole, isOwner: boolean): ChatBadge | null {
  if (isOwner) return "OWNER";
  if (role === "admin") return "ADMIN";
  if (role === "moderator") return "MODERATOR";
  return null;
}

/**
 * The message pipeline, one place for HTTP and WebSocket sends alike:
 * validation (zod, before this) → ban/timeout → chat modes → rate limits and
 * slow mode → content filter → store → publish. Each refusal is an AppError
 * with a sentence for the sender and a machine-readable reason; a refused
 * message changes nothing (only the filter's decision is logged).
 */
export async function sendChatMessage(deps: Deps, input: SendMessageInput): Promise<SendResult> {
  const { requestId } = input;
  if (!requestId) return sendNewMessage(deps, input);
  // A retry (same sender, same requestId) answers what the first send stored.
  const original = await originalSend(deps.db, deps.actor.id, requestId);
  if (original) return original;
  try {
    return await sendNewMessage(deps, input);
  } catch (error) {
    // A concurrent duplicate stored it first (unique userId + clientMessageId), or
    // its rate limit or duplicate check refused this copy: answer with the stored one.
    const stored = await originalSend(deps.db, deps.actor.id, requestId);
    if (stored) return stored;
    throw error;
  }
}

const originalSelect = { ...chatMessageSelect, ...heldMessageSelect, originalBody: true } satisfies Prisma.ChatMessageSelect;

/**
 * The result the send with this requestId had: HELD when the filter held it,
 * otherwise VISIBLE (even if a moderator has since deleted it).
 */
async function originalSend(db: Db, userId: string, requestId: string): Promise<SendResult | null> {
  const row = await db.chatMessage.findUnique({
    where: { userId_clientMessageId: { userId, clientMessageId: requestId } },
    select: originalSelect,
  });
  if (!row) return null;
  const { id, streamId, seq, body, originalBody, replyToId, createdAt, authorBadge, user, moderationLogs } = row;
  // Held by the filter (it has a MESSAGE_HOLD log) answers HELD even if since approved.
  if (seq !== null && moderationLogs.length === 0) {
    const [message] = await toChatMessageViews(db, [row]);
    return { status: "VISIBLE", message: message!, masked: originalBody !== null };
  }
  return {
    status: "HELD",
    message: toHeldMessageView({ id, streamId, body, originalBody, replyToId, createdAt, authorBadge, user, moderationLogs }),
  };
}

async function sendNewMessage(deps: Deps, input: SendMessageInput): Promise<SendResult> {
  const { db, bus, limits, actor } = deps;
  const standing = await loadChatStanding(db, input.streamId, actor.id);
  if (!standing) throw new AppError("NOT_FOUND", "Stream not found.");
  const everyone = refusalForEveryone(standing);
  if (everyone) throw everyone;
  const parent = input.replyToId
    ? await db.chatMessage.findFirst({ where: { id: input.replyToId, streamId: input.streamId, status: "VISIBLE" }, select: replyToSelect })
    : null;
  if (input.replyToId && !parent) throw new AppError("NOT_FOUND", "The message you are replying to does not exist.");

  const role = senderRole(standing, actor);
  const exempt = canModerate(role);
  let verdict: FilterVerdict = { action: null, body: input.body, matches: [] };
  if (!exempt) {
    const mode = chatModeRefusal(standing, input.body);
    if (mode) throw mode;
    const limited = await limits.chat.take({
      streamId: input.streamId,
      userId: actor.id,
      ip: deps.clientIp,
      slowModeSeconds: standing.slowModeSeconds,
      uniqueBody: standing.uniqueChat ? input.body : null,
    });
    if (limited) throw limitRefusal(limited);
    const filter = await filterFor(
      { streamId: input.streamId, termsVersion: standing.termsVersion, profanity: standing.profanityFilter },
      () => db.blockedTerm.findMany({ where: { streamId: input.streamId }, select: { term: true, action: true } }),
    );
    verdict = filter.check(input.body);
  }

  const usernames = mentionedUsernames(input.body);
  const found = usernames.length
    ? await db.user.findMany({ where: { username: { in: usernames } }, select: { id: true, username: true } })
    : [];
  // In the order the message names them.
  const mentioned = usernames.flatMap((username) => found.filter((user) => user.username === username));
  const mentionedUserIds = mentioned.map((user) => user.id);
  const preview = { replyTo: replyPreview(parent), mentions: mentioned.map((user) => user.username) };

  const draft: Draft = {
    id: randomUUID(),
    streamId: input.streamId,
    userId: actor.id,
    body: verdict.body,
    originalBody: verdict.body === input.body && verdict.action !== "HOLD" && verdict.action !== "ESCALATE" ? null : input.body,
    replyToId: input.replyToId ?? null,
    mentionedUserIds,
    authorBadge: badgeOf(role, standing.ownerId === actor.id),
    clientMessageId: input.requestId ?? null,
  };
  const author = { id: actor.id, username: actor.username, name: actor.name, role: standing.userRole, badge: draft.authorBadge };
  const matched = verdict.matches.map((match) => match.term).join(", ");
  const filterDetails = { matches: verdict.matches, body: input.body };

  switch (verdict.action) {
    case null: {
      const stored = await insertVisible(db, draft);
      const message = visibleView(draft, stored, author, preview);
      // Stored: if publishing fails, rooms fill the sequence gap from PostgreSQL, so the send still succeeds.
      await publishCommitted(bus, { type: "chat.message", streamId: message.streamId, message });
      await notifyChatMessage(deps, { message, mentionedUserIds });
      return { status: "VISIBLE", message, masked: false };
    }
    case "MASK": {
      const message = await inTransaction({ db, bus }, async (tx) => {
        const stored = await insertVisible(tx, draft);
        const entry = await writeLog(tx, {
          streamId: draft.streamId,
          actorId: null,
          action: "MESSAGE_MASK",
          targetUserId: actor.id,
          targetMessageId: draft.id,
          reason: `Masked: ${matched}`,
          details: filterDetails,
        });
        const message = visibleView(draft, stored, author, preview);
        return { result: message, events: [{ type: "chat.message", streamId: message.streamId, message }, ...loggedEvents([entry])] };
      });
      await notifyChatMessage(deps, { message, mentionedUserIds });
      return { status: "VISIBLE", message, masked: true };
    }
    case "HOLD":
    case "ESCALATE": {
      const escalate = verdict.action === "ESCALATE";
      const message = await inTransaction({ db, bus }, async (tx) => {
        // One sender's escalations in a stream take turns, so of two sent at the same
        // moment the second sees the first (and times the sender out).
        if (escalate) await advisoryLock(tx, `escalate:${draft.streamId}:${actor.id}`);
        const repeat = escalate && (await hasRecentEscalation(tx, draft.streamId, actor.id));
        const row = await tx.chatMessage.create({
          data: { ...draft, status: "HELD", seq: null },
          select: { createdAt: true },
        });
        const reason = `${escalate ? "Escalating term" : "Held"}: ${matched}`;
        const logged: ModerationLogView[] = [
          await writeLog(tx, {
            streamId: draft.streamId,
            actorId: null,
            action: "MESSAGE_HOLD",
            targetUserId: actor.id,
            targetMessageId: draft.id,
            reason,
            details: { ...filterDetails, escalate },
          }),
        ];
        let timedOutUntil: Date | null = null;
        if (repeat) {
          const expiresAt = (timedOutUntil = new Date(Date.now() + ESCALATION_TIMEOUT_MS));
          await tx.ban.create({
            data: {
              kind: "TIMEOUT",
              streamId: draft.streamId,
              userId: actor.id,
              reason: `Repeated escalating term: ${matched}`,
              expiresAt,
            },
          });
          logged.push(
            await writeLog(tx, {
              streamId: draft.streamId,
              actorId: null,
              action: "USER_TIMEOUT",
              targetUserId: actor.id,
              targetMessageId: draft.id,
              reason: `Repeated escalating term: ${matched}`,
              details: { durationSeconds: ESCALATION_TIMEOUT_MS / 1000, expiresAt: expiresAt.toISOString(), automatic: true },
            }),
          );
        }
        const message: HeldMessageView = {
          id: draft.id,
          streamId: draft.streamId,
          body: draft.body,
          originalBody: draft.originalBody,
          reason,
          replyToId: draft.replyToId,
          createdAt: row.createdAt,
          author,
        };
        const events: StreamEvent[] = [{ type: "moderation.held", streamId: draft.streamId, message }];
        if (timedOutUntil) {
          const restriction = { kind: "TIMEOUT" as const, expiresAt: timedOutUntil };
          events.push({ type: "chat.restrictionChanged", streamId: draft.streamId, userId: actor.id, restriction });
        }
        return { result: message, events: [...events, ...loggedEvents(logged)] };
      });
      return { status: "HELD", message };
    }
    case "BLOCK": {
      const entry = await writeLog(db, {
        streamId: draft.streamId,
        actorId: null,
        action: "MESSAGE_BLOCK",
        targetUserId: actor.id,
        reason: `Blocked: ${matched}`,
        details: filterDetails,
      });
      await publishLogged(bus, [entry]);
      throw new AppError("BAD_REQUEST", "Your message was not sent: it contains a blocked term.", { reason: "BLOCKED_TERM" });
    }
  }
}

interface Draft {
  id: string;
  streamId: string;
  userId: string;
  body: string;
  originalBody: string | null;
  replyToId: string | null;
  mentionedUserIds: string[];
  authorBadge: ChatBadge | null;
  clientMessageId: string | null;
}

/**
 * Stores a visible message with the stream's next sequence number in one
 * statement: it increments the counter on the stream row (whose lock orders
 * concurrent sends, so numbers are gap-free and commit in order) and inserts
 * the message.
 */
async function insertVisible(db: DbOrTx, draft: Draft): Promise<{ seq: number; createdAt: Date }> {
  const rows = await db.$queryRaw<Array<{ seq: number; createdAt: Date }>>`
    WITH next AS (
      UPDATE live_streams SET "lastMessageSeq" = "lastMessageSeq" + 1
      WHERE id = ${draft.streamId} AND status <> 'ENDED'
      RETURNING "lastMessageSeq"
    )
    INSERT INTO chat_messages (id, "streamId", seq, "userId", body, "originalBody", "authorBadge", "replyToId", "mentionedUserIds", "clientMessageId")
    SELECT ${draft.id}, ${draft.streamId}, next."lastMessageSeq", ${draft.userId}, ${draft.body}, ${draft.originalBody},
      ${draft.authorBadge}::"ChatBadge", ${draft.replyToId}, ${draft.mentionedUserIds}::text[], ${draft.clientMessageId}
    FROM next
    RETURNING seq, "createdAt"`;
  const stored = rows[0];
  if (!stored) throw new AppError("PRECONDITION_FAILED", "This stream has ended; its chat is closed.", { reason: "STREAM_ENDED" });
  return stored;
}

function visibleView(
  draft: Draft,
  stored: { seq: number; createdAt: Date },
  author: ChatMessageView["author"],
  preview: Pick<ChatMessageView, "replyTo" | "mentions">,
): ChatMessageView {
  return {
    id: draft.id,
    streamId: draft.streamId,
    seq: stored.seq,
    body: draft.body,
    replyToId: draft.replyToId,
    ...preview,
    createdAt: stored.createdAt,
    author,
  };
}

async function hasRecentEscalation(db: DbOrTx, streamId: string, userId: string): Promise<boolean> {
  const count = await db.moderationLog.count({
    where: {
      streamId,
      targetUserId: userId,
      action: "MESSAGE_HOLD",
      createdAt: { gt: new Date(Date.now() - ESCALATION_WINDOW_MS) },
      details: { path: ["escalate"], equals: true },
    },
  });
  return count > 0;
}
