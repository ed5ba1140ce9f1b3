import { publisherToken } from "../services/agora/tokens";
import { studioCapabilities } from "../services/studio/capabilities";
import { ingestHealth, rotateIngestKey, streamIngest } from "../services/studio/ingest";
import { myStreamsInput } from "../services/studio/schemas";
import { myStreams, studioStream } from "../services/studio/streams";
import { removeThumbnail, uploadThumbnail } from "../services/studio/thumbnail";
import { createTRPCRouter, protectedProcedure, streamOwnerFormProcedure, streamOwnerProcedure } from "../trpc";

/** The creator studio: the caller's streams, their sources, thumbnails and encoder settings. */
export const studioRouter = createTRPCRouter({
  capabilities: protectedProcedure.query(({ ctx }) => studioCapabilities(ctx.deps)),
  myStreams: protectedProcedure.input(myStreamsInput).query(({ ctx, input }) => myStreams(ctx.deps, input)),
  stream: streamOwnerProcedure.query(({ ctx }) => studioStream(ctx.deps)),

  /** The RTMP server and stream key for OBS: the only output with the ingest key. */
  ingest: streamOwnerProcedure.query(({ ctx }) => streamIngest(ctx.deps)),
  rotateIngestKey: streamOwnerProcedure.mutation(({ ctx }) => rotateIngestKey(ctx.deps)),
  ingestHealth: streamOwnerProcedure.query(({ ctx }) => ingestHealth(ctx.deps)),

  /** Multipart FormData (`streamId`, `file`), over HTTP only (the SDK's links send FormData through httpLink). */
  uploadThumbnail: streamOwnerFormProcedure.mutation(({ ctx, input }) => uploadThumbnail(ctx.deps, input)),
  removeThumbnail: streamOwnerProcedure.mutation(({ ctx }) => removeThumbnail(ctx.deps)),

  agoraPublisherToken: streamOwnerProcedure.query(({ ctx }) => publisherToken(ctx.deps)),
});
