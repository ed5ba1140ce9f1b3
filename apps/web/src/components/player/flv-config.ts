/**
 * mpegts.js settings of live HTTP-FLV playback (the studio preview and the viewer's player), shared with
 * `pnpm bench`'s latency measurement so that it measures what viewers get: no stash buffer, and the
 * player chases the live edge whenever more than 1.5 s is buffered, down to 0.3 s.
 */
export const LIVE_FLV_PLAYER_CONFIG = {
  enableStashBuffer: false,
  liveBufferLatencyChasing: true,
  liveBufferLatencyMaxLatency: 1.5,
  liveBufferLatencyMinRemain: 0.3,
  lazyLoad: false,
  autoCleanupSourceBuffer: true,
} as const;
