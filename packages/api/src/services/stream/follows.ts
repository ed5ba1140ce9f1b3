import type { Db } from "@onair/db";
import { z } from "zod";
import { AppError } from "../../errors";
import type { SignedInDeps } from "../deps";
import { streamIdSchema, userIdSchema } from "../shared/ids";

/** A channel is named by its owner's id (channel page) or by one of its streams (stream page). */
const byStream = z.object({ streamId: streamIdSchema });
const byChannel = z.object({ channelId: userIdSchema });

export const followTargetInput = z.union([byStream, byChannel]);
export type FollowTarget = z.infer<typeof followTargetInput>;

const following = z.boolean();
export const setFollowInput = z.union([byStream.extend({ following }), byChannel.extend({ following })]);
export type SetFollowInput = z.infer<typeof setFollowInput>;

async function channelOf(db: Db, target: FollowTarget): Promise<string> {
  if ("channelId" in target) {
    const user = await db.user.findUnique({ where: { id: target.channelId }, select: { id: true } });
    if (!user) throw new AppError("NOT_FOUND", "Channel not found.");
    return user.id;
  }
  const stream = await db.liveStream.findUnique({ where: { id: target.streamId }, select: { ownerId: true } });
  if (!stream) throw new AppError("NOT_FOUND", "Stream not found.");
  return stream.ownerId;
}

/** Follows or unfollows a channel (a stream's owner); idempotent. */
export async function setFollow(deps: Pick<SignedInDeps, "db" | "actor">, input: SetFollowInput) {
  const { db, actor } = deps;
  const channelId = await channelOf(db, input);
  if (channelId === actor.id) throw new AppError("BAD_REQUEST", "You cannot follow your own channel.");
  const key = { followerId_channelId: { followerId: actor.id, channelId } };
  if (input.following) {
    const follow = await db.follow.upsert({
      where: key,
      create: { followerId: actor.id, channelId },
      update: {},
      select: { createdAt: true },
    });
    return { following: true, followedAt: follow.createdAt };
  }
  await db.follow.deleteMany({ where: { followerId: actor.id, channelId } });
  return { following: false, followedAt: null };
}

/** Whether the caller follows the channel, and since when. */
export async function followStatus(deps: Pick<SignedInDeps, "db" | "actor">, input: FollowTarget) {
  const { db, actor } = deps;
  const channelId = await channelOf(db, input);
  const follow = await db.follow.findUnique({
    where: { followerId_channelId: { followerId: actor.id, channelId } },
    select: { createdAt: true },
  });
  return { following: follow !== null, followedAt: follow?.createdAt ?? null };
}
