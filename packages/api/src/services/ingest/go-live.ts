import type { Db } from "@onair/db";
import type { EventBus } from "../../events/bus";
import type { JobSender } from "../../jobs/job-queue";
import { startStream } from "../stream/lifecycle";
import type { PublishableStream } from "./authorize-publish";

/**
 * An encoder connected to a stream set to go live by itself: it starts as if its owner pressed "Go live" (the same
 * service as `stream.start`). Resolves false when the stream was not waiting to start.
 */
export async function goLiveOnConnect(
  { db, bus, jobs }: { db: Db; bus: EventBus; jobs?: JobSender },
  stream: PublishableStream,
): Promise<boolean> {
  if (!stream.autoGoLive || (stream.status !== "SCHEDULED" && stream.status !== "MISSED")) return false;
  await startStream({ db, bus, jobs, stream: { id: stream.id, ownerId: stream.ownerId, status: stream.status } });
  return true;
}
