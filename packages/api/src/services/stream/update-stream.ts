import type { Db } from "@onair/db";
import { publishCommitted, type EventBus } from "../../events/bus";
import type { SessionUser } from "../account/session-user";
import { requireStreamOwnerOrAdmin } from "./permissions";
import type { UpdateStreamInput } from "./schemas";

/** Changes a stream's title or description; viewers get a stream.updated event. */
export async function updateStream({ db, bus, actor }: { db: Db; bus: EventBus; actor: SessionUser }, input: UpdateStreamInput) {
  await requireStreamOwnerOrAdmin(db, actor, input.streamId);
  const changes = {
    ...(input.title !== undefined ? { title: input.title } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}),
  };
  const stream = await db.liveStream.update({ where: { id: input.streamId }, data: changes, select: { id: true, title: true, description: true } });
  await publishCommitted(bus, { type: "stream.updated", streamId: stream.id, changes: input.title !== undefined ? { title: stream.title } : {} });
  return stream;
}
