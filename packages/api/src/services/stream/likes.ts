import type { Db } from "@onair/db";
import type { EventBus } from "../../events/bus";
import { AppError } from "../../errors";
import type { SignedInDeps } from "../deps";

const LIKE_BROADCAST_DELAY_MS = 250;
const scheduled = new WeakMap<EventBus, Set<string>>();

/**
 * Announces a stream's like total at most once per 250 ms per process: a burst
 * of likes becomes one event carrying the latest total.
 */
function scheduleLikeBroadcast(db: Db, bus: EventBus, streamId: string): void {
  let pending = scheduled.get(bus);
  if (!pending) scheduled.set(bus, (pending = new Set()));
  if (pending.has(streamId)) return;
  pending.add(streamId);
  const streams = pending;
  setTimeout(() => {
    streams.delete(streamId);
    void db.liveStream
      .findUnique({ where: { id: streamId }, select: { likeCount: true } })
      .then((stream) => stream && bus.publish({ type: "likes.updated", streamId, likeCount: stream.likeCount }))
      .catch((error: unknown) => console.error("[likes] broadcast failed:", error));
  }, LIKE_BROADCAST_DELAY_MS);
}

/** Likes or unlikes a stream; one like per user per stream. */
export async function setLike({ db, bus, actor }: Pick<SignedInDeps, "db" | "bus" | "actor">, input: { streamId: string; liked: boolean }) {
  const result = await db.$transaction(async (tx) => {
    const stream = await tx.liveStream.findUnique({ where: { id: input.streamId }, select: { id: true } });
    if (!stream) throw new AppError("NOT_FOUND", "Stream not found.");
    const key = { streamId_userId: { streamId: input.streamId, userId: actor.id } };
    const existing = await tx.streamLike.findUnique({ where: key, select: { streamId: true } });
    let delta = 0;
    if (input.liked && !existing) {
      // ON CONFLICT DO NOTHING semantics: a concurrent identical like counts once.
      const { count } = await tx.streamLike.createMany({ data: [{ streamId: input.streamId, userId: actor.id }], skipDuplicates: true });
      delta = count;
    } else if (!input.liked && existing) {
      const { count } = await tx.streamLike.deleteMany({ where: { streamId: input.streamId, userId: actor.id } });
      delta = -count;
    }
    const { likeCount } = delta
      ? await tx.liveStream.update({
          where: { id: input.streamId },
          data: { likeCount: { increment: delta } },
          select: { likeCount: true },
        })
      : await tx.liveStream.findUniqueOrThrow({ where: { id: input.streamId }, select: { likeCount: true } });
    return { liked: input.liked, likeCount, changed: delta !== 0 };
  });
  if (result.changed) scheduleLikeBroadcast(db, bus, input.streamId);
  return { liked: result.liked, likeCount: result.likeCount };
}

/** Whether the caller likes the stream. */
export async function likeStatus(deps: Pick<SignedInDeps, "db" | "actor">, input: { streamId: string }) {
  const like = await deps.db.streamLike.findUnique({
    where: { streamId_userId: { streamId: input.streamId, userId: deps.actor.id } },
    select: { streamId: true },
  });
  return { liked: like !== null };
}
