import type { RouterInputs, RouterOutputs } from "@onair/api";
import type { ChatSettings } from "@onair/api/events";
import type { StreamStatus, VideoProvider } from "@onair/db";

export type { StreamStatus, VideoProvider };

export type StudioCapabilities = RouterOutputs["studio"]["capabilities"];
export type SourceAvailability = StudioCapabilities["sources"][VideoProvider];
export type StudioStreamSummary = RouterOutputs["studio"]["myStreams"]["items"][number];
export type StudioStream = RouterOutputs["studio"]["stream"];
export type IngestDetails = RouterOutputs["studio"]["ingest"];
export type IngestHealth = NonNullable<RouterOutputs["studio"]["ingestHealth"]>;

export type CreateStreamInput = RouterInputs["stream"]["create"];
export type UpdateStreamInput = RouterInputs["stream"]["update"];
export type VideoInput = CreateStreamInput["video"];

/** The chat settings a stream starts with (everything but shield mode). */
export type InitialChatSettings = Omit<ChatSettings, "shieldMode">;
