import { publishCommitted } from "../../events/bus";
import { AppError } from "../../errors";
import type { StreamDeps } from "../deps";

type Deps = Pick<StreamDeps, "db" | "bus" | "stream">;

/** Goes live: only a scheduled stream can start. (The procedure checks the caller owns the stream or is an admin.) */
export async function startStream({ db, bus, stream }: Deps) {
  if (stream.status !== "SCHEDULED") {
    throw new AppError(
      "PRECONDITION_FAILED",
      stream.status === "LIVE" ? "The stream is already live." : "An ended stream cannot start again.",
    );
  }
  const startedAt = new Date();
  // The status guard in the WHERE clause makes two concurrent starts start it once.
  const { count } = await db.liveStream.updateMany({ where: { id: stream.id, status: "SCHEDULED" }, data: { status: "LIVE", startedAt } });
  if (count === 0) throw new AppError("PRECONDITION_FAILED", "The stream is already live.");
  await publishCommitted(bus, { type: "stream.started", streamId: stream.id, startedAt });
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
