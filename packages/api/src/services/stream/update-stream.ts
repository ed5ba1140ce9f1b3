import { publishCommitted } from "../../events/bus";
import type { StreamDeps } from "../deps";
import type { UpdateStreamInput } from "./schemas";

/** Changes a stream's title or description; viewers get a stream.updated event. (The procedure checks ownership.) */
export async function updateStream(
  { db, bus, stream: { id: streamId } }: Pick<StreamDeps, "db" | "bus" | "stream">,
  input: UpdateStreamInput,
) {
  const changes = {
    ...(input.title !== undefined ? { title: input.title } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}),
  };
  const stream = await db.liveStream.update({
    where: { id: streamId },
    data: changes,
    select: { id: true, title: true, description: true },
  });
  await publishCommitted(bus, {
    type: "stream.updated",
    streamId: stream.id,
    changes: input.title !== undefined ? { title: stream.title } : {},
  });
  return stream;
}
