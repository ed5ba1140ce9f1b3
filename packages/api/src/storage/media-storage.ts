import { createReadStream } from "node:fs";
import { mkdir, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";

/** Where uploaded and recorded media live: thumbnails and recordings. Local disk by default; an object store can implement the same. */
export interface MediaStorage {
  /** Stores bytes under `key` (replacing what was there). */
  put(key: string, data: Uint8Array): Promise<void>;
  /** Moves a finished file (a recording) into the storage under `key`. */
  putFile(key: string, filePath: string): Promise<void>;
  /** The size of what is stored under `key`; null when nothing is. */
  size(key: string): Promise<number | null>;
  /** Reads `key` (a byte range when given, both ends inclusive); null when nothing is stored there. */
  read(key: string, range?: { start: number; end: number }): Promise<Readable | null>;
  delete(key: string): Promise<void>;
}

/** Keys are lower-case path segments: `thumbnails/<id>.webp`, `recordings/<id>.mp4`. Anything else (`..`, absolute paths) is refused. */
const KEY = /^[a-z0-9][a-z0-9_-]*(\/[a-z0-9][a-z0-9_.-]*)*$/;

export function assertStorageKey(key: string): void {
  if (!KEY.test(key) || key.includes("..")) throw new Error(`Invalid storage key: ${key}`);
}

/** MediaStorage on the local disk under `root` (MEDIA_DIR). */
export class LocalDiskStorage implements MediaStorage {
  constructor(private readonly root: string) {}

  private pathOf(key: string): string {
    assertStorageKey(key);
    return path.join(this.root, ...key.split("/"));
  }

  async put(key: string, data: Uint8Array): Promise<void> {
    const file = this.pathOf(key);
    await mkdir(path.dirname(file), { recursive: true });
    // Written beside, then renamed: a reader never sees half a file.
    const partial = `${file}.${process.pid}.partial`;
    await writeFile(partial, data);
    await rename(partial, file);
  }

  async putFile(key: string, filePath: string): Promise<void> {
    const file = this.pathOf(key);
    await mkdir(path.dirname(file), { recursive: true });
    await rename(filePath, file);
  }

  async size(key: string): Promise<number | null> {
    try {
      const info = await stat(this.pathOf(key));
      return info.isFile() ? info.size : null;
    } catch {
      return null;
    }
  }

  async read(key: string, range?: { start: number; end: number }): Promise<Readable | null> {
    if ((await this.size(key)) === null) return null;
    return createReadStream(this.pathOf(key), range ? { start: range.start, end: range.end } : {});
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }
}
