/**
 * A test pattern with the encoder's wall clock burned into it as a row of
 * black and white blocks: block k (BLOCK_PX wide, in the top BLOCK_PX rows) is
 * white when bit k of (milliseconds since the epoch mod 2^BITS) is set. ffmpeg
 * stamps each frame with the real-time clock as it is filtered (RTCTIME), just
 * before it is encoded, so a player that reads the blocks back off its screen
 * knows how old the frame it shows is. Same machine, same clock.
 */
export const CLOCK_BITS = 20;
export const CLOCK_BLOCK_PX = 32;
export const CLOCK_MODULUS = 2 ** CLOCK_BITS;
export const CLOCK_WIDTH = CLOCK_BITS * CLOCK_BLOCK_PX;
export const CLOCK_HEIGHT = 360;

/** ffmpeg arguments that encode the clock pattern live (x264, 1 s keyframes, AAC) and publish it to `rtmpUrl`. */
export function clockPublisherArgs(rtmpUrl: string): string[] {
  const clock = `255*mod(floor(mod(floor(T*1000),${CLOCK_MODULUS})/pow(2,floor(X/${CLOCK_BLOCK_PX}))),2)`;
  return [
    ...["-hide_banner", "-loglevel", "error", "-re"],
    ...["-f", "lavfi", "-i", `testsrc2=size=${CLOCK_WIDTH}x${CLOCK_HEIGHT}:rate=30`],
    ...["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000"],
    "-filter_complex",
    `[0]settb=1/1000,setpts=RTCTIME/1000,split[a][b];` +
      `[b]crop=${CLOCK_WIDTH}:${CLOCK_BLOCK_PX}:0:0,geq=lum='${clock}':cb=128:cr=128[s];` +
      `[a][s]overlay=0:0,setpts=PTS-STARTPTS[v]`,
    ...["-map", "[v]", "-map", "1:a"],
    ...["-c:v", "libx264", "-preset", "veryfast", "-tune", "zerolatency", "-g", "30", "-pix_fmt", "yuv420p", "-b:v", "1500k"],
    ...["-c:a", "aac", "-b:a", "96k"],
    ...["-f", "flv", rtmpUrl],
  ];
}

/**
 * Reads the clock off RGBA pixels of the pattern's top rows (`width` wide) and
 * returns how many milliseconds ago (by `nowMs`) that frame was encoded.
 * Written as a plain function so the page evaluates the same code (its source is sent to the browser).
 */
export function frameAgeMs(rgba: Uint8ClampedArray, width: number, nowMs: number): number {
  const bits = 20;
  const block = 32;
  const modulus = 2 ** bits;
  let stamp = 0;
  for (let bit = 0; bit < bits; bit++) {
    const x = bit * block + block / 2;
    const y = block / 2;
    if (rgba[(y * width + x) * 4]! > 127) stamp += 2 ** bit;
  }
  return ((((nowMs % modulus) - stamp) % modulus) + modulus) % modulus;
}
