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
    data: { ingestConnectedAt: input.connectedAt, ingestHealth: ingestHealthToJson(health) },
  });
  await publishCommitted(bus, { type: "stream.source", streamId: input.streamId, connected: true });
}

/** The encoder's connection ended (it left, was kicked, or the stream ended); the last numbers stay for the studio. */
export async function markSourceDisconnected(
  { db, bus }: Deps,
  input: { streamId: string; lastHealth: IngestHealth | null },
): Promise<void> {
  await db.liveStream.update({
    where: { id: input.streamId },
    data: {
      ingestConnectedAt: null,
      ingestHealth: ingestHealthToJson({
        ...(input.lastHealth ?? { connectedAt: null, lastDataAt: null, ...NO_MEDIA_YET }),
        connected: false,
      }),
    },
  });
  await publishCommitted(bus, { type: "stream.source", streamId: input.streamId, connected: false });
}

/** A health sample while the encoder publishes; `ingestLastDataAt` is what the stream monitor reads to end silent streams. */
export async function recordIngestHealth({ db }: Pick<Deps, "db">, input: { streamId: string; health: IngestHealth }): Promise<void> {
  await db.liveStream.update({
    where: { id: input.streamId },
    data: {
      ingestHealth: ingestHealthToJson(input.health),
      ...(input.health.lastDataAt ? { ingestLastDataAt: input.health.lastDataAt } : {}),
    },
  });
}
