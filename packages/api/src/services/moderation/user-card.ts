import { AppError } from "../../errors";
import { logEntrySelect, toLogView } from "./audit";
import type { ModerationDeps } from "./context";
import { userRoleIn } from "./permissions";

/** What a moderator needs to judge a chatter: account age, standing, recent messages here, prior actions, active restrictions. */
export async function userCard(deps: Pick<ModerationDeps, "db" | "stream">, input: { userId: string }) {
  const { db, stream } = deps;
  const user = await db.user.findUnique({
    where: { id: input.userId },
    select: { id: true, username: true, name: true, role: true, createdAt: true },
  });
  if (!user) throw new AppError("NOT_FOUND", "No user with that id.");
  const [roleInStream, recentMessages, actions, restrictions, follow, messageCount] = await Promise.all([
    userRoleIn(db, stream, user.id),
    db.chatMessage.findMany({
      where: { streamId: stream.id, userId: user.id },
      orderBy: { createdAt: "desc" },
      take: 20,
      select: { id: true, seq: true, body: true, originalBody: true, status: true, createdAt: true },
    }),
    // This stream's entries only: other streams' logs are for their own moderators (as in moderation.log).
    db.moderationLog.findMany({
      where: { targetUserId: user.id, streamId: stream.id },
      orderBy: { createdAt: "desc" },
      take: 20,
      select: logEntrySelect,
    }),
    db.ban.findMany({
      where: {
        userId: user.id,
        OR: [{ streamId: stream.id }, { streamId: null }],
        revokedAt: null,
        AND: [{ OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] }],
      },
      select: { id: true, kind: true, streamId: true, reason: true, createdAt: true, expiresAt: true },
    }),
    db.follow.findUnique({
      where: { followerId_channelId: { followerId: user.id, channelId: stream.ownerId } },
      select: { createdAt: true },
    }),
    db.chatMessage.count({ where: { streamId: stream.id, userId: user.id } }),
  ]);
  return {
    user,
    roleInStream,
    followedAt: follow?.createdAt ?? null,
    messageCount,
    recentMessages,
    priorActions: actions.map(toLogView),
    restrictions,
  };
}
