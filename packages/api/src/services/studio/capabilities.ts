import type { SignedInDeps } from "../deps";
import { AGORA_NOT_CONFIGURED } from "../stream/playback";
import { creationPermission } from "./creation-policy";

interface SourceAvailability {
  available: boolean;
  reason: string | null;
}

/** What the caller's studio offers: whether they may create streams, which video sources this server has, and the RTMP address. */
export async function studioCapabilities(deps: Pick<SignedInDeps, "db" | "actor" | "agora" | "rtmpUrl">) {
  const { canCreate, reason } = await creationPermission(deps.db, deps.actor.id);
  const offered: SourceAvailability = { available: true, reason: null };
  return {
    canCreate,
    reason,
    sources: {
      YOUTUBE: offered,
      HLS: offered,
      AGORA: deps.agora ? offered : { available: false, reason: AGORA_NOT_CONFIGURED },
      INGEST: offered,
    } satisfies Record<"YOUTUBE" | "HLS" | "AGORA" | "INGEST", SourceAvailability>,
    rtmpUrl: deps.rtmpUrl,
  };
}
