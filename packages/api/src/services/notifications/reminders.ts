import { AppError } from "../../errors";
import type { SignedInDeps } from "../deps";

/**
 * "Remind me" on a scheduled stream: the caller is notified (STREAM_REMINDER)
 * when it goes live. Only scheduled streams take new reminders; turning one
 * off works whatever the stream's state.
 */
export async function setReminder(
  deps: Pick<SignedInDeps, "db" | "actor">,
  input: { streamId: string; on: boolean },
): Promise<{ reminding: boolean }> {
  const { db, actor } = deps;
  if (!input.on) {
    await db.streamReminder.deleteMany({ where: { userId: actor.id, streamId: input.streamId } });
    return { reminding: false };
  }
  const stream = await db.liveStream.findUnique({ where: { id: input.streamId }, select: { status: true } });
  if (!stream) throw new AppError("NOT_FOUND", "Stream not found.");
  if (stream.status !== "SCHEDULED") {
    throw new AppError(
      "PRECONDITION_FAILED",
      stream.status === "LIVE" ? "This stream is live already: watch it now." : "Only scheduled streams can remind you.",
    );
  }
  await db.streamReminder.createMany({ data: [{ userId: actor.id, streamId: input.streamId }], skipDuplicates: true });
  return { reminding: true };
}

/** Which of these streams the caller asked to be reminded of. */
export async function reminders(
  deps: Pick<SignedInDeps, "db" | "actor">,
  input: { streamIds: string[] },
): Promise<{ streamIds: string[] }> {
  const rows = await deps.db.streamReminder.findMany({
    where: { userId: deps.actor.id, streamId: { in: [...new Set(input.streamIds)] } },
    select: { streamId: true },
  });
  return { streamIds: rows.map((row) => row.streamId) };
}
