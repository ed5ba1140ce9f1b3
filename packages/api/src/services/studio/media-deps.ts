import { DEFAULT_RTMP_PORT, sharedEnv } from "../../config";
import { LocalDiskStorage, type MediaStorage } from "../../storage/media-storage";

/** An Agora project's App ID and App Certificate (tokens are signed with the certificate). */
export interface AgoraCredentials {
  appId: string;
  certificate: string;
}

/** What the studio's services need beyond the database: where media is stored, Agora's credentials, the RTMP address. */
export interface MediaDeps {
  /** Thumbnails and recordings. */
  storage: MediaStorage;
  /** Null: Agora is not configured, the source is not offered. */
  agora: AgoraCredentials | null;
  /** The RTMP server URL creators paste into OBS (rtmp://host:1935/live). */
  rtmpUrl: string;
}

/** The variables the studio reads (config.ts's sharedEnv); unset ones take sharedEnv's defaults. */
export interface MediaConfig {
  MEDIA_DIR?: string;
  RTMP_PUBLIC_URL?: string;
  RTMP_PORT?: number;
  NEXTAUTH_URL?: string;
  AGORA_APP_ID?: string;
  AGORA_APP_CERTIFICATE?: string;
}

export function mediaDepsFromConfig(config: MediaConfig): MediaDeps {
  const { AGORA_APP_ID: appId, AGORA_APP_CERTIFICATE: certificate } = config;
  if (Boolean(appId) !== Boolean(certificate)) {
    throw new Error("AGORA_APP_ID and AGORA_APP_CERTIFICATE go together: set both, or neither.");
  }
  const host = config.NEXTAUTH_URL ? new URL(config.NEXTAUTH_URL).hostname : "localhost";
  return {
    storage: new LocalDiskStorage(config.MEDIA_DIR ?? sharedEnv.MEDIA_DIR.parse(undefined)),
    agora: appId && certificate ? { appId, certificate } : null,
    rtmpUrl: config.RTMP_PUBLIC_URL ?? `rtmp://${host}:${config.RTMP_PORT ?? DEFAULT_RTMP_PORT}/live`,
  };
}
