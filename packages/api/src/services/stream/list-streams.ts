import type { DbOrTx, Prisma } from "@onair/db";
import type { ListStreamsInput } from "./schemas";
import { streamSummarySelect } from "./stream-view";

const ORDER: Record<ListStreamsInput["status"], Prisma.LiveStreamOrderByWithRelationInput[]> = {
  LIVE: [{ startedAt: "desc" }, { id: "asc" }],
  SCHEDULED: [{ scheduledStartAt: "asc" }, { id: "asc" }],
  ENDED: [{ endedAt: "desc" }, { id: "asc" }],
};

/** Live streams newest first, upcoming soonest first, past most recently ended first. */
export async function listStreams(db: DbOrTx, input: ListStreamsInput) {
  const rows = await db.liveStream.findMany({
    where: { status: input.status },
    orderBy: ORDER[input.status],
    take: input.limit + 1,
    ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
    select: streamSummarySelect,
  });
  const hasMore = rows.length > input.limit;
  const items = rows.slice(0, input.limit);
  return { items, nextCursor: hasMore ? items[items.length - 1]!.id : null };
}
