import type { DbOrTx, Prisma } from "@onair/db";
import { cursorArgs, pageOf } from "../shared/pages";
import type { ListStreamsInput } from "./schemas";
import { streamSummarySelect } from "./stream-view";

const ORDER: Record<ListStreamsInput["status"], Prisma.LiveStreamOrderByWithRelationInput[]> = {
  LIVE: [{ startedAt: "desc" }, { id: "asc" }],
  SCHEDULED: [{ scheduledStartAt: "asc" }, { id: "asc" }],
  ENDED: [{ endedAt: "desc" }, { id: "asc" }],
};

/** Live streams newest first, upcoming soonest first, past most recently ended first. */
export async function listStreams(deps: { db: DbOrTx }, input: ListStreamsInput) {
  const rows = await deps.db.liveStream.findMany({
    where: { status: input.status },
    orderBy: ORDER[input.status],
    ...cursorArgs(input),
    select: streamSummarySelect,
  });
  return pageOf(rows, input.limit);
}
