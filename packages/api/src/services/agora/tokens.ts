import { createHash, randomInt } from "node:crypto";
import agoraToken from "agora-token";
import { AppError } from "../../errors";
import type { ServiceDeps, StreamDeps } from "../deps";
import { AGORA_NOT_CONFIGURED } from "../stream/playback";
import type { AgoraCredentials } from "../studio/media-deps";

// agora-token is CommonJS: Node's ESM loader gives only its default export (named imports fail at start-up).
const { RtcRole, RtcTokenBuilder } = agoraToken;

/** How long a token (and its privileges) lasts; clients ask for a new one before it runs out. */
export const AGORA_TOKEN_TTL_SECONDS = 3_600;

export interface AgoraToken {
  appId: string;
  channel: string;
  uid: number;
  token: string;
  expiresAt: Date;
}

function tokenFor(agora: AgoraCredentials, channel: string, uid: number, role: number): AgoraToken {
  const token = RtcTokenBuilder.buildTokenWithUid(
    agora.appId,
    agora.certificate,
    channel,
    uid,
    role,
    AGORA_TOKEN_TTL_SECONDS,
    AGORA_TOKEN_TTL_SECONDS,
  );
  return { appId: agora.appId, channel, uid, token, expiresAt: new Date(Date.now() + AGORA_TOKEN_TTL_SECONDS * 1_000) };
}

async function agoraChannel(db: ServiceDeps["db"], streamId: string) {
  const stream = await db.liveStream.findUnique({
    where: { id: streamId },
    select: { status: true, videoProvider: true, videoSource: true },
  });
  if (!stream) throw new AppError("NOT_FOUND", "Stream not found.");
  if (stream.videoProvider !== "AGORA") throw new AppError("PRECONDITION_FAILED", "This stream is not an Agora stream.");
  return stream;
}

function credentials(agora: AgoraCredentials | null): AgoraCredentials {
  if (!agora) throw new AppError("PRECONDITION_FAILED", AGORA_NOT_CONFIGURED);
  return agora;
}

/** A viewer's token for a live Agora stream: subscribe only, a fresh random uid on every call. */
export async function audienceToken(deps: Pick<ServiceDeps, "db" | "agora">, input: { streamId: string }): Promise<AgoraToken> {
  const agora = credentials(deps.agora);
  const stream = await agoraChannel(deps.db, input.streamId);
  if (stream.status !== "LIVE") throw new AppError("PRECONDITION_FAILED", "The stream is not live.");
  return tokenFor(agora, stream.videoSource, randomInt(1, 2 ** 31), RtcRole.SUBSCRIBER);
}

/** The owner's publishing token (any status: the studio prepares before going live), with the same uid every time. */
export async function publisherToken(deps: Pick<StreamDeps, "db" | "agora" | "stream">): Promise<AgoraToken> {
  const agora = credentials(deps.agora);
  const stream = await agoraChannel(deps.db, deps.stream.id);
  if (stream.status === "ENDED") throw new AppError("PRECONDITION_FAILED", "The stream has ended.");
  return tokenFor(agora, stream.videoSource, publisherUid(deps.stream.ownerId), RtcRole.PUBLISHER);
}

/** A stable 31-bit uid for a stream owner (never 0, which Agora reads as "assign one"). */
export function publisherUid(ownerId: string): number {
  return (createHash("sha256").update(`agora-publisher:${ownerId}`).digest().readUInt32BE(0) % (2 ** 31 - 1)) + 1;
}
