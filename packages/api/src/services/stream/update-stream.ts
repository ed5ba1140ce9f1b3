import type { Prisma } from "@onair/db";
import { publishCommitted } from "../../events/bus";
import { AppError } from "../../errors";
import type { StreamDeps } from "../deps";
import { queueStreamScheduled } from "../notifications/producers";
import { videoColumns } from "./create-stream";
import { AGORA_NOT_CONFIGURED } from "./playback";
import type { UpdateStreamInput } from "./schemas";

/**
 * Changes a stream's details (the procedure checks ownership). The schedule and
 * the video source change only before the stream starts; going live on connect
 * only for INGEST streams, the replay playlist only for HLS ones. Viewers get a
 * stream.updated event (with the new title when it changed).
 */
export async function updateStream(
  deps: Pick<StreamDeps, "db" | "bus" | "stream" | "agora"> & Partial<Pick<StreamDeps, "jobs">>,
  input: UpdateStreamInput,
) {
  const { db, bus } = deps;
  const current = await db.liveStream.findUniqueOrThrow({
    where: { id: deps.stream.id },
    select: { status: true, videoProvider: true, ingestKey: true },
  });
  const beforeStart = input.scheduledStartAt !== undefined || input.video !== undefined;
  if (beforeStart && current.status !== "SCHEDULED") {
    throw new AppError(
      "PRECONDITION_FAILED",
      input.video !== undefined
        ? "The video source can only change before the stream starts."
        : "The schedule can only change before the stream starts.",
    );
  }
  if (input.video?.provider === "AGORA" && !deps.agora) {
    throw new AppError("PRECONDITION_FAILED", `Agora streams are not available: ${AGORA_NOT_CONFIGURED}`);
  }
  const provider = input.video?.provider ?? current.videoProvider;
  if (input.autoGoLive !== undefined && provider !== "INGEST") {
    throw new AppError(
      "BAD_REQUEST",
      "Going live when the encoder connects applies only to streams sent from OBS or another RTMP encoder.",
    );
  }
  if (input.replayUrl !== undefined && provider !== "HLS") {
    throw new AppError("BAD_REQUEST", "A replay playlist applies only to HLS streams.");
  }

  const data: Prisma.LiveStreamUpdateManyMutationInput = {
    ...(input.title !== undefined ? { title: input.title } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.scheduledStartAt !== undefined ? { scheduledStartAt: input.scheduledStartAt } : {}),
    ...(input.video !== undefined ? videoColumns(input.video, current) : {}),
    ...(input.autoGoLive !== undefined ? { autoGoLive: input.autoGoLive } : {}),
    ...(input.replayUrl !== undefined ? { replayUrl: input.replayUrl } : {}),
  };
  if (input.video?.provider === "AGORA") data.videoSource = deps.stream.id;
  // The status guard makes a change that needs a scheduled stream lose cleanly to a concurrent start.
  const { count } = await db.liveStream.updateMany({
    where: { id: deps.stream.id, ...(beforeStart ? { status: "SCHEDULED" } : {}) },
    data,
  });
  if (count === 0) throw new AppError("PRECONDITION_FAILED", "The stream started meanwhile: its schedule and video source are fixed now.");
  const stream = await db.liveStream.findUniqueOrThrow({
    where: { id: deps.stream.id },
    select: { id: true, title: true, description: true },
  });
  if (input.scheduledStartAt !== undefined)
    await queueStreamScheduled(deps, { streamId: stream.id, scheduledStartAt: input.scheduledStartAt });
  await publishCommitted(bus, {
    type: "stream.updated",
    streamId: stream.id,
    changes: input.title !== undefined ? { title: stream.title } : {},
  });
  // The old publish URL no longer works: the media server drops an encoder still using it.
  if (current.ingestKey && input.video && input.video.provider !== "INGEST") {
    await publishCommitted(bus, { type: "ingest.keyRotated", streamId: stream.id });
  }
  return stream;
}
