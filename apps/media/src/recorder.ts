import { rm, stat } from "node:fs/promises";
import path from "node:path";
import {
  markRecordingFailed,
  markRecordingProcessing,
  markRecordingReady,
  recordingStorageKey,
  unfinishedRecordings,
} from "@onair/api/ingest";
import type { MediaStorage } from "@onair/api/storage";
import type { Db } from "@onair/db";
import { remuxToMp4 } from "./ffmpeg";
import { flvMediaSpanMs } from "./flv";

/**
 * Turns finished FLV recordings into stored MP4s, one at a time (remuxing is cheap, but a burst of sessions ending
 * together should not start a burst of ffmpeg processes).
 */
export class Recorder {
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly options: {
      db: Db;
      storage: MediaStorage;
      /** Recordings' sourcePath is relative to it. */
      mediaDir: string;
      ffmpegPath: string;
    },
  ) {}

  /** The recording's publish session ended: PROCESSING now, READY or FAILED once converted. */
  async finish(recordingId: string, sourcePath: string, endedAt: Date): Promise<void> {
    await markRecordingProcessing(this.options, { recordingId, endedAt });
    this.enqueue(recordingId, sourcePath);
  }

  /** Finishes what a previous run left in RECORDING or PROCESSING (the process stopped meanwhile). */
  async recover(): Promise<number> {
    const left = await unfinishedRecordings(this.options);
    for (const recording of left) {
      if (recording.status === "RECORDING") {
        const modified = await stat(this.absolute(recording.sourcePath)).then(
          (info) => info.mtime,
          () => new Date(),
        );
        await markRecordingProcessing(this.options, { recordingId: recording.id, endedAt: modified });
      }
      this.enqueue(recording.id, recording.sourcePath);
    }
    return left.length;
  }

  /** Resolves when every recording handed over so far is READY or FAILED. */
  idle(): Promise<void> {
    return this.queue;
  }

  private absolute(sourcePath: string): string {
    return path.join(this.options.mediaDir, sourcePath);
  }

  private enqueue(recordingId: string, sourcePath: string): void {
    this.queue = this.queue.then(() => this.convert(recordingId, sourcePath));
  }

  private async convert(recordingId: string, sourcePath: string): Promise<void> {
    const { db, storage, ffmpegPath } = this.options;
    const input = this.absolute(sourcePath);
    const output = input.replace(/\.flv$/, "") + ".mp4";
    try {
      const durationMs = await flvMediaSpanMs(input).catch((error: NodeJS.ErrnoException) => {
        if (error.code === "ENOENT") throw new RecordingError("The recording's file is missing.");
        throw error;
      });
      if (durationMs === null) throw new RecordingError("The recording holds no audio or video.");
      await remuxToMp4(ffmpegPath, input, output);
      const { size } = await stat(output);
      const storageKey = recordingStorageKey(recordingId);
      await storage.putFile(storageKey, output);
      await markRecordingReady({ db }, { recordingId, storageKey, durationMs, bytes: size });
      await rm(input, { force: true });
    } catch (error) {
      console.error(`[media] recording ${recordingId} (${sourcePath}) could not be made playable: ${(error as Error).message}`);
      await rm(output, { force: true });
      await markRecordingFailed(
        { db },
        { recordingId, error: error instanceof RecordingError ? error.message : "The recording could not be converted to MP4." },
      ).catch((failure: unknown) => console.error(`[media] could not mark recording ${recordingId} failed: ${(failure as Error).message}`));
    }
  }
}

/** A failure whose message is fit for the studio. */
class RecordingError extends Error {}
