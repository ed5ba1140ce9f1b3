"use client";

import Image from "next/image";
import { useEffect, useState } from "react";
import { formatCountdown, formatDateTime } from "~/lib/format";

/** The time now, ticking every second; null during the server render (so times show in the viewer's own zone). */
function useNow(): Date | null {
  const [now, setNow] = useState<Date | null>(null);
  useEffect(() => {
    setNow(new Date());
    const timer = window.setInterval(() => setNow(new Date()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  return now;
}

/** A scheduled stream before it starts: thumbnail, title, start time in the viewer's time zone and a countdown. */
export function WaitingRoom(props: {
  title: string;
  thumbnailUrl: string | null;
  scheduledStartAt: Date | null;
  missed: boolean;
  preview: boolean;
}) {
  const now = useNow();
  const start = props.scheduledStartAt;
  return (
    <div className="player-waiting">
      {/* Already resized to 1280×720 WebP by the upload, so Next's optimizer has nothing to add. */}
      {props.thumbnailUrl ? <Image className="player-thumbnail" src={props.thumbnailUrl} alt="" fill sizes="100vw" unoptimized /> : null}
      <div className="player-waiting-text">
        <p className="placeholder-title">{props.preview ? "Waiting for your encoder" : props.missed ? "Not started" : "Starting soon"}</p>
        <p className="player-waiting-title">
          <bdi>{props.title}</bdi>
        </p>
        {props.preview ? (
          <p>Start streaming from OBS or ffmpeg with your stream key; the preview appears here.</p>
        ) : start && now ? (
          props.missed ? (
            <p>
              This stream was scheduled for <time dateTime={start.toISOString()}>{formatDateTime(start)}</time> and has not started.
            </p>
          ) : (
            <>
              <p>
                Scheduled for <time dateTime={start.toISOString()}>{formatDateTime(start)}</time>
              </p>
              <p className="player-countdown" aria-live="off">
                {start.getTime() > now.getTime()
                  ? `Starts in ${formatCountdown(start.getTime() - now.getTime())}`
                  : "Starting any moment now"}
              </p>
            </>
          )
        ) : null}
      </div>
    </div>
  );
}
