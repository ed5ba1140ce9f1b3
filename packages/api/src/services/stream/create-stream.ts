import { randomBytes } from "node:crypto";
import type { Db, Prisma } from "@onair/db";
import { AppError } from "../../errors";
import type { SignedInDeps } from "../deps";
import { queueStreamScheduled } from "../notifications/producers";
import { newIngestKey } from "../studio/ingest-key";
import { AGORA_NOT_CONFIGURED } from "./playback";
import type { CreateStreamInput, VideoInput } from "./schemas";

type Deps = Pick<SignedInDeps, "db" | "actor" | "agora"> & Partial<Pick<SignedInDeps, "jobs">>;

/**
 * A new scheduled stream owned by the caller (the procedure checked they may create streams).
 * With a requestId, a retry returns the stream the first call made instead of a second one.
 */
export async function createStream(deps: Deps, input: CreateStreamInput): Promise<{ id: string; slug: string }> {
  const { db, actor } = deps;
  const retried = await streamOfRequest(db, actor.id, input.requestId);
  if (retried) return retried;
  if (input.video.provider === "AGORA" && !deps.agora) {
    throw new AppError("PRECONDITION_FAILED", `Agora streams are not available: ${AGORA_NOT_CONFIGURED}`);
  }
  const data: Prisma.LiveStreamUncheckedCreateInput = {
    slug: slugOf(input.title),
    title: input.title,
    description: input.description ?? "",
    ownerId: actor.id,
    status: "SCHEDULED",
    scheduledStartAt: input.scheduledStartAt ?? null,
    createRequestId: input.requestId ?? null,
    ...videoColumns(input.video),
    ...input.chat,
  };
  try {
    const created = await db.$transaction(async (tx) => {
      const stream = await tx.liveStream.create({ data, select: { id: true, slug: true } });
      // An Agora stream's channel is its id, known only now.
      if (input.video.provider === "AGORA") await tx.liveStream.update({ where: { id: stream.id }, data: { videoSource: stream.id } });
      return stream;
    });
    await queueStreamScheduled(deps, { streamId: created.id, scheduledStartAt: data.scheduledStartAt as Date | null });
    return created;
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") {
      // A concurrent attempt of the same request created it first.
      const stored = await streamOfRequest(db, actor.id, input.requestId);
      if (stored) return stored;
    }
    throw error;
  }
}

async function streamOfRequest(db: Db, ownerId: string, requestId: string | undefined) {
  if (!requestId) return null;
  return db.liveStream.findUnique({
    where: { ownerId_createRequestId: { ownerId, createRequestId: requestId } },
    select: { id: true, slug: true },
  });
}

/**
 * The columns a video source sets (create, and update before the stream starts).
 * Leaving INGEST clears the key, so the old publish URL stops working; choosing it makes one.
 */
export function videoColumns(video: VideoInput, current?: { ingestKey: string | null }) {
  const empty = { videoSource: "", replayUrl: null, ingestKey: null, autoGoLive: false };
  switch (video.provider) {
    case "YOUTUBE":
      return { ...empty, videoProvider: video.provider, videoSource: video.source };
    case "HLS":
      return { ...empty, videoProvider: video.provider, videoSource: video.url, replayUrl: video.replayUrl ?? null };
    case "AGORA":
      return { ...empty, videoProvider: video.provider };
    case "INGEST":
      return {
        ...empty,
        videoProvider: video.provider,
        ingestKey: current?.ingestKey ?? newIngestKey(),
        autoGoLive: video.autoGoLive ?? false,
      };
  }
}

const SLUG_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

/** The title's words in lower-case ASCII, dashes between, and a random suffix: "friday-night-jazz-k3x9q2". */
export function slugOf(title: string): string {
  const words = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  const suffix = Array.from(randomBytes(6), (byte) => SLUG_ALPHABET[byte % SLUG_ALPHABET.length]).join("");
  return `${words || "stream"}-${suffix}`;
}
