import type { Db } from "@onair/db";
import { publishCommitted, type EventBus } from "../../events/bus";
import { ingestHealthToJson, type IngestHealth } from "./health";

type Deps = { db: Db; bus: EventBus };

const NO_MEDIA_YET = {
  bitrateKbps: 0,
  keyframeIntervalSeconds: null,
  width: null,
  height: null,
  fps: null,
  videoCodec: null,
  audioCodec: null,
};

/** An encoder began publishing: the studio and every viewer hear of it (`stream.source`). */
export async function markSourceConnected({ db, bus }: Deps, input: { streamId: string; connectedAt: Date }): Promise<void> {
  const health: IngestHealth = { connected: true, connectedAt: input.connectedAt, lastDataAt: null, ...NO_MEDIA_YET };
  await db.liveStream.update({
    where: { id: input.streamId },
    // Data counts from the connection on: the stream monitor must not end a live stream in the seconds before the first sample.
    data: { ingestConnectedAt: input.connectedAt, ingestLastDataAt: input.connectedAt, ingestHealth: ingestHealthToJson(health) },
  });
  await publishCommitted(bus, { type: "stream.source", streamId: input.streamId, connected: true });
}

/**
 * The encoder's connection that began at `connectedAt` ended (it left, was kicked, or the stream ended); the last
 * numbers stay for the studio. Nothing changes when a newer connection has taken over meanwhile.
 */
export async function markSourceDisconnected(
  { db, bus }: Deps,
  input: { streamId: string; connectedAt: Date; lastHealth: IngestHealth | null },
): Promise<void> {
  const { count } = await db.liveStream.updateMany({
    where: { id: input.streamId, ingestConnectedAt: input.connectedAt },
    data: {
      ingestConnectedAt: null,
      ingestHealth: ingestHealthToJson({
        ...(input.lastHealth ?? { connectedAt: null, lastDataAt: null, ...NO_MEDIA_YET }),
        connected: false,
      }),
    },
  });
  if (count > 0) await publishCommitted(bus, { type: "stream.source", streamId: input.streamId, connected: false });
}

/**
 * A health sample of the connection that began at `health.connectedAt` (ignored once it is no longer the stream's);
 * `ingestLastDataAt` is what the stream monitor reads to end silent streams.
 */
export async function recordIngestHealth({ db }: Pick<Deps, "db">, input: { streamId: string; health: IngestHealth }): Promise<void> {
  if (!input.health.connectedAt) return;
  await db.liveStream.updateMany({
    where: { id: input.streamId, ingestConnectedAt: input.health.connectedAt },
    data: {
      ingestHealth: ingestHealthToJson(input.health),
      ...(input.health.lastDataAt ? { ingestLastDataAt: input.health.lastDataAt } : {}),
    },
  });
}
