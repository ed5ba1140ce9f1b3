import { publishCommitted } from "../../events/bus";
import { AppError } from "../../errors";
import type { StreamDeps } from "../deps";
import { queueStreamLive } from "../notifications/producers";

type Deps = Pick<StreamDeps, "db" | "bus" | "stream"> & Partial<Pick<StreamDeps, "jobs">>;

export const NO_ENCODER = "No encoder is connected: start streaming from OBS first.";

/**
 * Goes live: a scheduled stream, or a missed one (its owner is late, not gone).
 * An INGEST stream needs its encoder connected. (The procedure checks the caller
 * owns the stream or is an admin; the media server calls this too when an encoder
 * connects to a stream that goes live by itself.)
 */
export async function startStream({ db, bus, stream, jobs }: Deps) {
  if (stream.status === "LIVE") throw new AppError("PRECONDITION_FAILED", "The stream is already live.");
  if (stream.status === "ENDED") throw new AppError("PRECONDITION_FAILED", "An ended stream cannot start again.");
  const source = await db.liveStream.findUniqueOrThrow({
    where: { id: stream.id },
    select: { videoProvider: true, ingestConnectedAt: true },
  });
  if (source.videoProvider === "INGEST" && source.ingestConnectedAt === null) throw new AppError("PRECONDITION_FAILED", NO_ENCODER);
  const startedAt = new Date();
  // The status guard in the WHERE clause makes two concurrent starts start it once.
  const { count } = await db.liveStream.updateMany({
    where: { id: stream.id, status: { in: ["SCHEDULED", "MISSED"] } },
    data: { status: "LIVE", startedAt },
  });
  if (count === 0) throw new AppError("PRECONDITION_FAILED", "The stream is already live.");
  await publishCommitted(bus, { type: "stream.started", streamId: stream.id, startedAt });
  await queueStreamLive({ jobs }, { streamId: stream.id, startedAt });
  return { status: "LIVE" as const, startedAt };
}

/** Ends a live stream; its chat closes. */
export async function endStream({ db, bus, stream }: Deps) {
  if (stream.status !== "LIVE") {
    throw new AppError("PRECONDITION_FAILED", stream.status === "ENDED" ? "The stream has already ended." : "The stream has not started.");
  }
  const endedAt = new Date();
  const { count } = await db.liveStream.updateMany({ where: { id: stream.id, status: "LIVE" }, data: { status: "ENDED", endedAt } });
  if (count === 0) throw new AppError("PRECONDITION_FAILED", "The stream has already ended.");
  await publishCommitted(bus, { type: "stream.ended", streamId: stream.id, endedAt });
  return { status: "ENDED" as const, endedAt };
}
