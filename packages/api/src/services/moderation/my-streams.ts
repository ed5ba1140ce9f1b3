import type { Prisma } from "@onair/db";
import type { SignedInDeps, StreamDeps } from "../deps";

const select = {
  id: true,
  slug: true,
  title: true,
  status: true,
  ownerId: true,
  startedAt: true,
  scheduledStartAt: true,
  endedAt: true,
  shieldMode: true,
  _count: { select: { messages: { where: { status: "HELD" } } } },
} satisfies Prisma.LiveStreamSelect;

/**
 * The streams the user can moderate: all of them for admins and global
 * moderators, else the ones they own or were appointed to. Live first, then
 * upcoming, then the most recently ended.
 */
export async function moderatedStreams(deps: Pick<SignedInDeps, "db" | "actor">) {
  const { db, actor: user } = deps;
  const everything = user.role === "ADMIN" || user.role === "MODERATOR";
  const where: Prisma.LiveStreamWhereInput = everything
    ? {}
    : { OR: [{ ownerId: user.id }, { moderators: { some: { userId: user.id } } }] };
  const [live, upcoming, ended] = await Promise.all([
    db.liveStream.findMany({ where: { ...where, status: "LIVE" }, orderBy: { startedAt: "desc" }, take: 50, select }),
    db.liveStream.findMany({ where: { ...where, status: "SCHEDULED" }, orderBy: { scheduledStartAt: "asc" }, take: 50, select }),
    db.liveStream.findMany({ where: { ...where, status: "ENDED" }, orderBy: { endedAt: "desc" }, take: 20, select }),
  ]);
  return [...live, ...upcoming, ...ended].map(({ _count, ...stream }) => ({ ...stream, heldCount: _count.messages }));
}

/** Whether the user moderates anything at all (one cheap query; for showing the Moderate link). */
export async function moderatesAnything(deps: Pick<SignedInDeps, "db" | "actor">): Promise<boolean> {
  const { db, actor: user } = deps;
  if (user.role === "ADMIN" || user.role === "MODERATOR") return true;
  const stream = await db.liveStream.findFirst({
    where: { OR: [{ ownerId: user.id }, { moderators: { some: { userId: user.id } } }] },
    select: { id: true },
  });
  return stream !== null;
}

/** The caller's role in the stream ("moderator", "owner" or "admin") and the stream, as the procedure checked them. */
export function moderationAccess(deps: Pick<StreamDeps, "stream" | "actorRole">) {
  return { role: deps.actorRole, stream: deps.stream };
}
