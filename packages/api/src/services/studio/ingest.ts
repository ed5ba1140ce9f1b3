import { AppError } from "../../errors";
import type { StreamDeps } from "../deps";
import { ingestHealthFromJson, type IngestHealth } from "../ingest/health";
import { previewToken } from "../ingest/preview-token";
import { loggedEvents, writeLog } from "../moderation/audit";
import { inTransaction } from "../shared/transaction";
import { newIngestKey } from "./ingest-key";

type IngestDeps = Pick<StreamDeps, "db" | "stream" | "rtmpUrl" | "authSecret">;

const NOT_INGEST = "This stream does not take video from an encoder: choose OBS / RTMP as its source first.";

/** What OBS needs (server and key) and where the studio previews the feed. The only output that holds the key. */
function ingestView(deps: IngestDeps, row: { ingestKey: string; ingestConnectedAt: Date | null }) {
  const streamId = deps.stream.id;
  return {
    serverUrl: deps.rtmpUrl,
    streamKey: `${streamId}?key=${row.ingestKey}`,
    connected: row.ingestConnectedAt !== null,
    previewPath: `/live/${streamId}.flv?preview=${previewToken(deps.authSecret, streamId)}`,
  };
}

async function ingestRow(deps: Pick<StreamDeps, "db" | "stream">) {
  const row = await deps.db.liveStream.findUniqueOrThrow({
    where: { id: deps.stream.id },
    select: { videoProvider: true, ingestKey: true, ingestConnectedAt: true },
  });
  if (row.videoProvider !== "INGEST" || !row.ingestKey) throw new AppError("PRECONDITION_FAILED", NOT_INGEST);
  return { ingestKey: row.ingestKey, ingestConnectedAt: row.ingestConnectedAt };
}

/** The stream's RTMP publish settings (owner and admins). */
export async function streamIngest(deps: IngestDeps) {
  return ingestView(deps, await ingestRow(deps));
}

/**
 * Replaces the stream's ingest key: the old one stops working at once (the media
 * server drops an encoder using it when it hears `ingest.keyRotated`). Audited.
 */
export async function rotateIngestKey(deps: IngestDeps & Pick<StreamDeps, "bus" | "actor">) {
  const { db, bus, stream, actor } = deps;
  const row = await inTransaction({ db, bus }, async (tx) => {
    const ingestKey = newIngestKey();
    const { count } = await tx.liveStream.updateMany({
      where: { id: stream.id, videoProvider: "INGEST" },
      data: { ingestKey },
    });
    if (count === 0) throw new AppError("PRECONDITION_FAILED", NOT_INGEST);
    const entry = await writeLog(tx, { streamId: stream.id, actorId: actor.id, action: "INGEST_KEY_ROTATE" });
    const { ingestConnectedAt } = await tx.liveStream.findUniqueOrThrow({ where: { id: stream.id }, select: { ingestConnectedAt: true } });
    return {
      result: { ingestKey, ingestConnectedAt },
      events: [{ type: "ingest.keyRotated" as const, streamId: stream.id }, ...loggedEvents([entry])],
    };
  });
  return ingestView(deps, row);
}

/** The encoder's health now; null for streams that do not take video from an encoder. */
export async function ingestHealth(deps: Pick<StreamDeps, "db" | "stream">): Promise<IngestHealth | null> {
  const row = await deps.db.liveStream.findUniqueOrThrow({
    where: { id: deps.stream.id },
    select: { videoProvider: true, ingestConnectedAt: true, ingestLastDataAt: true, ingestHealth: true },
  });
  if (row.videoProvider !== "INGEST") return null;
  const connected = row.ingestConnectedAt !== null;
  // A sample from an earlier connection says nothing about now.
  const sample = connected ? ingestHealthFromJson(row.ingestHealth) : null;
  return {
    bitrateKbps: sample?.bitrateKbps ?? 0,
    keyframeIntervalSeconds: sample?.keyframeIntervalSeconds ?? null,
    width: sample?.width ?? null,
    height: sample?.height ?? null,
    fps: sample?.fps ?? null,
    videoCodec: sample?.videoCodec ?? null,
    audioCodec: sample?.audioCodec ?? null,
    connected,
    connectedAt: row.ingestConnectedAt,
    lastDataAt: row.ingestLastDataAt,
  };
}
