import { execFile } from "node:child_process";

/** The ffmpeg to remux recordings with: FFMPEG_PATH, else `ffmpeg` on PATH; null when neither runs. */
export async function findFfmpeg(configured: string | undefined): Promise<string | null> {
  const candidate = configured ?? "ffmpeg";
  return new Promise((resolve) => {
    execFile(candidate, ["-hide_banner", "-version"], { timeout: 10_000 }, (error) => resolve(error ? null : candidate));
  });
}

/** Runs ffmpeg; rejects with the last lines it printed when it fails. */
export function runFfmpeg(ffmpegPath: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(ffmpegPath, ["-hide_banner", "-nostdin", "-loglevel", "error", ...args], { maxBuffer: 1 << 20 }, (error, _stdout, stderr) => {
      if (!error) return resolve();
      const detail = stderr.trim().split("\n").slice(-3).join(" ");
      reject(new Error(`ffmpeg failed (${error.code ?? error.signal ?? "?"}): ${detail || error.message}`));
    });
  });
}

/** FLV → MP4 without transcoding; the index goes first so browsers can play before downloading it all. */
export function remuxToMp4(ffmpegPath: string, input: string, output: string): Promise<void> {
  return runFfmpeg(ffmpegPath, ["-y", "-i", input, "-c", "copy", "-movflags", "+faststart", "-f", "mp4", output]);
}
