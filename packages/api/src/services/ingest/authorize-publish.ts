import { createHash, timingSafeEqual } from "node:crypto";
import type { Db } from "@onair/db";
import { z } from "zod";
import { AppError } from "../../errors";

/** A stream id as it appears in a publish or play path (cuid-like: letters, digits, - and _). */
export const ingestStreamIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

export const authorizePublishInput = z.object({
  streamId: ingestStreamIdSchema,
  key: z.string().max(256),
});

export type AuthorizePublishInput = z.infer<typeof authorizePublishInput>;

/** The stream an encoder may publish to. */
export interface PublishableStream {
  id: string;
  ownerId: string;
  status: "SCHEDULED" | "LIVE" | "MISSED";
  autoGoLive: boolean;
}

// Unknown stream, wrong key, wrong source: one answer, so the refusal does not tell which streams exist.
const REFUSED = "The stream key is not valid: copy it again from the studio.";

function sameSecret(given: string, expected: string): boolean {
  // Hashed first: equal lengths for timingSafeEqual, and the comparison's time says nothing about the key's length.
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * Whether an encoder may publish to `streamId` with `key`: the stream uses OnAir's ingest, has not ended, and `key`
 * is its current ingest key (a rotated key is refused at once).
 */
export async function authorizePublish({ db }: { db: Db }, input: AuthorizePublishInput): Promise<PublishableStream> {
  const parsed = authorizePublishInput.safeParse(input);
  if (!parsed.success) throw new AppError("FORBIDDEN", REFUSED);
  const { streamId, key } = parsed.data;
  const stream = await db.liveStream.findUnique({
    where: { id: streamId },
    select: { id: true, ownerId: true, status: true, videoProvider: true, ingestKey: true, autoGoLive: true },
  });
  if (!stream || stream.videoProvider !== "INGEST" || !stream.ingestKey || !sameSecret(key, stream.ingestKey)) {
    throw new AppError("FORBIDDEN", REFUSED);
  }
  if (stream.status === "ENDED") throw new AppError("PRECONDITION_FAILED", "This stream has ended: create a new stream to go live again.");
  return { id: stream.id, ownerId: stream.ownerId, status: stream.status, autoGoLive: stream.autoGoLive };
}

/** Whether viewers may play `streamId` from an external media server: only an INGEST stream that is live. */
export async function authorizeRead({ db }: { db: Db }, input: { streamId: string }): Promise<void> {
  const streamId = ingestStreamIdSchema.safeParse(input.streamId);
  const stream = streamId.success
    ? await db.liveStream.findUnique({ where: { id: streamId.data }, select: { status: true, videoProvider: true } })
    : null;
  if (!stream || stream.videoProvider !== "INGEST" || stream.status !== "LIVE") {
    throw new AppError("FORBIDDEN", "This stream is not live.");
  }
}
