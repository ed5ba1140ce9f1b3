"use client";

import { useEffect, useState, type RefObject } from "react";

/** The <video> every adapter but YouTube's plays into, with a visible Unmute button while it is muted. */
export function VideoSurface({ videoRef, title }: { videoRef: RefObject<HTMLVideoElement | null>; title: string }) {
  const [muted, setMuted] = useState(true);

  useEffect(() => {
    const video = videoRef.current;
    if (!video) return;
    const onVolume = () => setMuted(video.muted);
    video.addEventListener("volumechange", onVolume);
    return () => video.removeEventListener("volumechange", onVolume);
  }, [videoRef]);

  const unmute = () => {
    const video = videoRef.current;
    if (!video) return;
    video.muted = false;
    if (video.volume === 0) video.volume = 1;
    void video.play().catch(() => undefined);
  };

  return (
    <>
      <video ref={videoRef} className="player" muted autoPlay playsInline controls aria-label={title} data-testid="player-video" />
      {muted ? (
        <button type="button" className="button button-small player-unmute" onClick={unmute}>
          Unmute
        </button>
      ) : null}
    </>
  );
}
