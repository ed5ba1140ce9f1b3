import type { VideoProvider } from "@onair/db";

/** The stream's video. YouTube embeds for now; HLS and Agora players come with the studio. */
export function VideoPlayer({ provider, source, title }: { provider: VideoProvider; source: string; title: string }) {
  if (provider === "YOUTUBE") {
    return (
      <iframe
        className="player"
        src={`https://www.youtube-nocookie.com/embed/${encodeURIComponent(source)}?autoplay=1&mute=1&playsinline=1`}
        title={title}
        allow="autoplay; encrypted-media; picture-in-picture; fullscreen"
        allowFullScreen
        referrerPolicy="strict-origin-when-cross-origin"
      />
    );
  }
  return (
    <div className="player-placeholder">
      <p className="placeholder-title">This player is not available yet</p>
      <p>{provider} playback arrives in a later release.</p>
    </div>
  );
}
