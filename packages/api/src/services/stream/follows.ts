import type { Db } from "@onair/db";
import { AppError } from "../../errors";
import type { SignedInDeps } from "../deps";

async function channelOf(db: Db, streamId: string) {
  const stream = await db.liveStream.findUnique({ where: { id: streamId }, select: { ownerId: true } });
  if (!stream) throw new AppError("NOT_FOUND", "Stream not found.");
  return stream.ownerId;
}

/** Follows or unfollows the stream's channel (its owner); idempotent. */
export async function setFollow(deps: Pick<SignedInDeps, "db" | "actor">, input: { streamId: string; following: boolean }) {
  const { db, actor } = deps;
  const channelId = await channelOf(db, input.streamId);
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

/** Whether the caller follows the stream's channel, and since when. */
export async function followStatus(deps: Pick<SignedInDeps, "db" | "actor">, input: { streamId: string }) {
  const { db, actor } = deps;
  const channelId = await channelOf(db, input.streamId);
  const follow = await db.follow.findUnique({
    where: { followerId_channelId: { followerId: actor.id, channelId } },
    select: { createdAt: true },
  });
  return { following: follow !== null, followedAt: follow?.createdAt ?? null };
}
