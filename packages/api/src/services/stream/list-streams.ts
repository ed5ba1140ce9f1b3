import type { DbOrTx, Prisma } from "@onair/db";
import { z } from "zod";
import { escapeLike } from "../shared/like-pattern";
import { cursorArgs, cursorPageShape, pageOf } from "../shared/pages";
import { usernameFilter } from "./channel";
import { thumbnailUrlOf } from "./playback";
import { streamSummarySelect } from "./stream-view";

/** The statuses a visitor browses (a MISSED stream never went live and is listed only in its owner's studio). */
export const listedStatusSchema = z.enum(["LIVE", "SCHEDULED", "ENDED"]);

export const listStreamsInput = z.object({
  status: listedStatusSchema,
  /** Words of the title, or the creator's username or name (case-insensitive). */
  query: z.string().trim().min(1, "Type something to search for.").max(100, "A search is at most 100 characters.").optional(),
  /** Only this channel's streams (the owner's username). */
  channel: usernameFilter.optional(),
  ...cursorPageShape({ max: 50, default: 20 }),
});
export type ListStreamsInput = z.infer<typeof listStreamsInput>;

const ORDER: Record<ListStreamsInput["status"], Prisma.LiveStreamOrderByWithRelationInput[]> = {
  LIVE: [{ startedAt: "desc" }, { id: "asc" }],
  SCHEDULED: [{ scheduledStartAt: "asc" }, { id: "asc" }],
  ENDED: [{ endedAt: "desc" }, { id: "asc" }],
};

function searchFilter(query: string): Prisma.LiveStreamWhereInput {
  const contains = { contains: escapeLike(query), mode: "insensitive" } as const;
  return { OR: [{ title: contains }, { owner: { username: contains } }, { owner: { name: contains } }] };
}

/** Live streams newest first, upcoming soonest first, past most recently ended first; optionally one channel's or a search's. */
export async function listStreams(deps: { db: DbOrTx }, input: ListStreamsInput) {
  const rows = await deps.db.liveStream.findMany({
    where: {
      status: input.status,
      ...(input.channel ? { owner: { username: input.channel } } : {}),
      ...(input.query ? searchFilter(input.query) : {}),
    },
    orderBy: ORDER[input.status],
    ...cursorArgs(input),
    select: { ...streamSummarySelect, thumbnailKey: true },
  });
  const { items, nextCursor } = pageOf(rows, input.limit);
  return { items: items.map(({ thumbnailKey, ...stream }) => ({ ...stream, thumbnailUrl: thumbnailUrlOf(thumbnailKey) })), nextCursor };
}
