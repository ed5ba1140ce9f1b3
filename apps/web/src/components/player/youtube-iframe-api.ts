/** The parts of the YouTube IFrame Player API the replay uses (https://developers.google.com/youtube/iframe_api_reference). */
export interface YouTubePlayer {
  getCurrentTime(): number;
  destroy(): void;
}

interface YouTubePlayerOptions {
  host?: string;
  videoId: string;
  width?: string;
  height?: string;
  playerVars?: Record<string, string | number>;
  events?: {
    onReady?: () => void;
    onStateChange?: (event: { data: number }) => void;
    onError?: (event: { data: number }) => void;
  };
}

export interface YouTubeNamespace {
  Player: new (element: HTMLElement, options: YouTubePlayerOptions) => YouTubePlayer;
  PlayerState: { ENDED: number; PLAYING: number; PAUSED: number; BUFFERING: number };
}

declare global {
  interface Window {
    YT?: YouTubeNamespace;
    onYouTubeIframeAPIReady?: () => void;
  }
}

export const YOUTUBE_IFRAME_API = "https://www.youtube.com/iframe_api";

let loading: Promise<YouTubeNamespace> | null = null;

/** Loads the IFrame API once per page (the script calls `onYouTubeIframeAPIReady` when it is ready). */
export function loadYouTubeIframeApi(): Promise<YouTubeNamespace> {
  if (window.YT?.Player) return Promise.resolve(window.YT);
  loading ??= new Promise<YouTubeNamespace>((resolve, reject) => {
    const previous = window.onYouTubeIframeAPIReady;
    window.onYouTubeIframeAPIReady = () => {
      previous?.();
      if (window.YT) resolve(window.YT);
    };
    const script = document.createElement("script");
    script.src = YOUTUBE_IFRAME_API;
    script.async = true;
    script.onerror = () => {
      loading = null;
      script.remove();
      reject(new Error("The YouTube player API could not be loaded."));
    };
    document.head.append(script);
  });
  return loading;
}
