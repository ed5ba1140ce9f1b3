import type { Db, Role } from "@onair/db";
import type { ChatSettings } from "../../events/types";
import { AppError } from "../../errors";
import type { SessionUser } from "../account/session-user";
import { roleIn, type StreamRole } from "../moderation/permissions";
import type { LimitRefusal } from "./chat-limits";

/** Everything the send pipeline needs to know about a stream and its sender, read in one query. */
export interface ChatStanding extends Omit<ChatSettings, "shieldMode"> {
  status: "SCHEDULED" | "LIVE" | "ENDED";
  termsVersion: number;
  ownerId: string;
  ownerUsername: string;
  isStreamModerator: boolean;
  followedAt: Date | null;
  userCreatedAt: Date;
  /** The sender's global role as stored now (a WebSocket connection's session user may be older). */
  userRole: Role;
  /** The sender's strongest active ban or timeout here (or global), if any. */
  banKind: "BAN" | "TIMEOUT" | null;
  banExpiresAt: Date | null;
  banGlobal: boolean;
}

export async function loadChatStanding(db: Db, streamId: string, userId: string): Promise<ChatStanding | null> {
  const rows = await db.$queryRaw<ChatStanding[]>`
    SELECT s.status::text AS status, s."chatEnabled", s."slowModeSeconds", s."emoteOnly", s."uniqueChat",
      s."followersOnlyMinutes", s."registeredOnlyMinutes", s."profanityFilter"::text AS "profanityFilter", s."termsVersion",
      s."ownerId", o.username AS "ownerUsername",
      EXISTS (SELECT 1 FROM stream_moderators m WHERE m."streamId" = s.id AND m."userId" = u.id) AS "isStreamModerator",
      (SELECT f."createdAt" FROM follows f WHERE f."followerId" = u.id AND f."channelId" = s."ownerId") AS "followedAt",
      u."createdAt" AS "userCreatedAt", u.role::text AS "userRole",
      b.kind::text AS "banKind", b."expiresAt" AS "banExpiresAt", COALESCE(b."streamId" IS NULL, false) AS "banGlobal"
    FROM live_streams s
    JOIN users o ON o.id = s."ownerId"
    JOIN users u ON u.id = ${userId}
    LEFT JOIN LATERAL (
      SELECT kind, "expiresAt", "streamId" FROM bans
      WHERE "userId" = u.id AND ("streamId" = s.id OR "streamId" IS NULL)
        AND "revokedAt" IS NULL AND ("expiresAt" IS NULL OR "expiresAt" > now())
      ORDER BY (kind = 'BAN') DESC, "expiresAt" DESC NULLS FIRST
      LIMIT 1
    ) b ON true
    WHERE s.id = ${streamId}`;
  return rows[0] ?? null;
}

export function senderRole(standing: ChatStanding, user: Pick<SessionUser, "id">): StreamRole {
  return roleIn({ ownerId: standing.ownerId }, { id: user.id, role: standing.userRole }, standing.isStreamModerator);
}

const MINUTE = 60_000;

/** "7 seconds", "4 minutes", "3 hours", "2 days": rounded up, so waiting that long is always enough. */
export function humanDuration(ms: number): string {
  const unit = (value: number, name: string) => `${value} ${name}${value === 1 ? "" : "s"}`;
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 60) return unit(seconds, "second");
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 120) return unit(minutes, "minute");
  const hours = Math.ceil(minutes / 60);
  if (hours < 48) return unit(hours, "hour");
  return unit(Math.ceil(hours / 24), "day");
}

/** Bans and timeouts apply to everyone; the stream must not have ended. */
export function refusalForEveryone(standing: ChatStanding, now = Date.now()): AppError | null {
  if (standing.status === "ENDED") {
    return new AppError("PRECONDITION_FAILED", "This stream has ended; its chat is closed.", { reason: "STREAM_ENDED" });
  }
  if (standing.banKind === "BAN") {
    return new AppError("FORBIDDEN", standing.banGlobal ? "You are banned from chatting on OnAir." : "You are banned from this chat.", {
      reason: "BANNED",
    });
  }
  if (standing.banKind === "TIMEOUT" && standing.banExpiresAt) {
    const left = standing.banExpiresAt.getTime() - now;
    // "for 4 more minutes"
    const remaining = humanDuration(left).replace(" ", " more ");
    return new AppError("FORBIDDEN", `You are timed out for ${remaining}.`, { reason: "TIMED_OUT", retryAfterMs: left });
  }
  return null;
}

/**
 * One piece of an emoji: a keycap ("1️⃣": the digit, #, or * counts only with its
 * keycap mark, so "555 🎉" is not emote-only), a flag's regional indicator, a
 * pictograph, a skin tone, or a joiner, variation selector, tag or hair component.
 */
const EMOJI_PIECE = String.raw`(?:[#*0-9]\uFE0F?\u20E3|\p{Regional_Indicator}|\p{Extended_Pictographic}|\p{Emoji_Modifier}|[\u200D\uFE0F\u{E0020}-\u{E007F}\u{1F9B0}-\u{1F9B3}])`;
/** Emoji and spaces only. */
// eslint-disable-next-line no-misleading-character-class -- the joiner and the variation selector are listed on their own on purpose
const EMOTE_ONLY = new RegExp(String.raw`^(?:${EMOJI_PIECE}|\s)+$`, "u");
/** Something that shows as an emoji (not only joiners and selectors). */
const SHOWS_EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20E3/u;

export function isEmoteOnly(body: string): boolean {
  return EMOTE_ONLY.test(body) && SHOWS_EMOJI.test(body);
}

/** Chat modes, which moderators, owners and admins are exempt from. */
export function chatModeRefusal(standing: ChatStanding, body: string, now = Date.now()): AppError | null {
  if (!standing.chatEnabled) return new AppError("PRECONDITION_FAILED", "Chat is turned off for this stream.", { reason: "CHAT_DISABLED" });
  if (standing.registeredOnlyMinutes !== null) {
    const left = standing.userCreatedAt.getTime() + standing.registeredOnlyMinutes * MINUTE - now;
    if (left > 0) {
      return new AppError(
        "FORBIDDEN",
        `Only accounts older than ${humanDuration(standing.registeredOnlyMinutes * MINUTE)} can chat here: you can chat in ${humanDuration(left)}.`,
        { reason: "REGISTERED_ONLY", retryAfterMs: left },
      );
    }
  }
  if (standing.followersOnlyMinutes !== null) {
    if (!standing.followedAt) {
      return new AppError("FORBIDDEN", `Followers-only chat: follow @${standing.ownerUsername} to chat.`, { reason: "FOLLOWERS_ONLY" });
    }
    const left = standing.followedAt.getTime() + standing.followersOnlyMinutes * MINUTE - now;
    if (left > 0) {
      return new AppError(
        "FORBIDDEN",
        `Followers-only chat: you can chat once you have followed @${standing.ownerUsername} for ${humanDuration(standing.followersOnlyMinutes * MINUTE)}, in ${humanDuration(left)}.`,
        { reason: "FOLLOWERS_ONLY", retryAfterMs: left },
      );
    }
  }
  if (standing.emoteOnly && !isEmoteOnly(body)) {
    return new AppError("BAD_REQUEST", "Emote-only mode: send only emoji.", { reason: "EMOTE_ONLY" });
  }
  return null;
}

export function limitRefusal(refusal: LimitRefusal): AppError {
  const wait = humanDuration(refusal.retryAfterMs);
  const details = { retryAfterMs: refusal.retryAfterMs };
  switch (refusal.kind) {
    case "slowMode":
      return new AppError("TOO_MANY_REQUESTS", `Slow mode: wait ${wait}.`, { ...details, reason: "SLOW_MODE" });
    case "userRate":
      return new AppError("TOO_MANY_REQUESTS", `You are sending messages too fast: wait ${wait}.`, { ...details, reason: "RATE_LIMITED" });
    case "ipRate":
      return new AppError("TOO_MANY_REQUESTS", `Too many messages from your network: wait ${wait}.`, {
        ...details,
        reason: "RATE_LIMITED",
      });
    case "duplicate":
      return new AppError("BAD_REQUEST", "Unique chat: this message was just sent. Say something new.", {
        ...details,
        reason: "DUPLICATE_MESSAGE",
      });
  }
}
