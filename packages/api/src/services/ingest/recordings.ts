import type { Db } from "@onair/db";

type Deps = { db: Db };

/** Recordings are stored as `recordings/<recordingId>.mp4` (served by the media server at `/recordings/<recordingId>.mp4`). */
export function recordingStorageKey(recordingId: string): string {
  return `recordings/${recordingId}.mp4`;
}

/** A publish session's recording began: its first media arrived at `startedAt`. */
export async function createRecording({ db }: Deps, input: { streamId: string; startedAt: Date; sourcePath: string }): Promise<string> {
  const recording = await db.recording.create({
    data: { streamId: input.streamId, startedAt: input.startedAt, sourcePath: input.sourcePath, status: "RECORDING" },
    select: { id: true },
  });
  return recording.id;
}

/** The publish session ended: the file is complete and is being made playable. */
export async function markRecordingProcessing({ db }: Deps, input: { recordingId: string; endedAt: Date }): Promise<void> {
  await db.recording.updateMany({
    where: { id: input.recordingId, status: "RECORDING" },
    data: { status: "PROCESSING", endedAt: input.endedAt },
  });
}

export async function markRecordingReady(
  { db }: Deps,
  input: { recordingId: string; storageKey: string; durationMs: number; bytes: number },
): Promise<void> {
  await db.recording.update({
    where: { id: input.recordingId },
    data: { status: "READY", storageKey: input.storageKey, durationMs: input.durationMs, bytes: BigInt(input.bytes), error: null },
  });
}

export async function markRecordingFailed({ db }: Deps, input: { recordingId: string; error: string }): Promise<void> {
  await db.recording.update({
    where: { id: input.recordingId },
    data: { status: "FAILED", error: input.error.slice(0, 500), endedAt: new Date() },
  });
}

/** Recordings a previous run of the media server left unfinished (it stopped while they were written or processed). */
export async function unfinishedRecordings({ db }: Deps) {
  return db.recording.findMany({
    where: { status: { in: ["RECORDING", "PROCESSING"] } },
    select: { id: true, streamId: true, sourcePath: true, status: true, endedAt: true },
    orderBy: { createdAt: "asc" },
    take: 1000,
  });
}

/** The READY recording served at `/recordings/<id>.mp4`; null when there is none (or it is not playable yet). */
export async function playableRecording({ db }: Deps, input: { recordingId: string }) {
  return db.recording.findFirst({
    where: { id: input.recordingId, status: "READY", storageKey: { not: null } },
    select: { id: true, storageKey: true, bytes: true },
  });
}
