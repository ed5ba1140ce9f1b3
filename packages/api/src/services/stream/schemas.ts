import { z } from "zod";
import { requestIdSchema } from "../../input-limits";
import { chatSettingsShape } from "../moderation/schemas";
import { streamIdSchema as streamId } from "../shared/ids";
import { hlsUrlProblem, MAX_URL_LENGTH, NOT_YOUTUBE, youtubeVideoId } from "../studio/video-source";

export const streamBySlugInput = z.object({
  slug: z
    .string()
    .min(1)
    .max(80)
    .regex(/^[a-z0-9-]+$/, "A stream slug has lower-case letters, digits and dashes."),
});

export const streamIdInput = z.object({ streamId });

export const setLikeInput = z.object({ streamId, liked: z.boolean() });

/** `watching`: the subscriber is watching the stream (the viewer's page), so they count as a viewer while it is open. */
export const streamEventsInput = z.object({ streamId, watching: z.boolean().default(false) });

const title = z.string().trim().min(1, "Title cannot be empty.").max(120, "Title is longer than 120 characters.");
const description = z.string().trim().max(2_000, "Description is longer than 2,000 characters.");

const YEAR_MS = 366 * 24 * 3_600_000;

/** A stream's planned start: not in the past (a minute of clock skew allowed), at most a year ahead. */
const scheduledStartAt = z.date().superRefine((date, ctx) => {
  const now = Date.now();
  if (date.getTime() < now - 60_000) ctx.addIssue({ code: "custom", message: "The scheduled start is in the past." });
  else if (date.getTime() > now + YEAR_MS) ctx.addIssue({ code: "custom", message: "The scheduled start is more than a year away." });
});

function hlsUrl(what: string) {
  // hlsUrlProblem checks the length first; the input guard has already bounded every string.
  return z
    .string()
    .trim()
    .superRefine((url, ctx) => {
      const problem = hlsUrlProblem(url, what);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    });
}

/** A playlist to play once an HLS stream has ended; null removes it. */
const replayUrl = hlsUrl("The replay URL").nullable();

/** Where a stream's video comes from, as the creator gives it. A YouTube link becomes its video id. */
export const videoInput = z.discriminatedUnion(
  "provider",
  [
    z.object({
      provider: z.literal("YOUTUBE"),
      source: z
        .string()
        .max(MAX_URL_LENGTH, NOT_YOUTUBE)
        .transform((source, ctx) => {
          const id = youtubeVideoId(source);
          if (id === null) {
            ctx.addIssue({ code: "custom", message: NOT_YOUTUBE });
            return z.NEVER;
          }
          return id;
        }),
    }),
    z.object({ provider: z.literal("HLS"), url: hlsUrl("The HLS URL"), replayUrl: replayUrl.optional() }),
    z.object({ provider: z.literal("AGORA") }),
    z.object({ provider: z.literal("INGEST"), autoGoLive: z.boolean().optional() }),
  ],
  { error: "Choose a video source: YOUTUBE, HLS, AGORA or INGEST." },
);
export type VideoInput = z.infer<typeof videoInput>;

/** The chat rules a stream starts with (the moderation settings, without lockdown). */
export const initialChatSettings = z.object(chatSettingsShape).strict();

export const createStreamInput = z.object({
  title,
  description: description.optional(),
  scheduledStartAt: scheduledStartAt.nullish(),
  video: videoInput,
  chat: initialChatSettings.optional(),
  /** Makes the create idempotent: a retry with the same id returns the stream the first call made. */
  requestId: requestIdSchema.optional(),
});
export type CreateStreamInput = z.infer<typeof createStreamInput>;

export const updateStreamInput = z
  .object({
    title: title.optional(),
    description: description.optional(),
    /** Only before the stream starts; null: no planned time. */
    scheduledStartAt: scheduledStartAt.nullable().optional(),
    /** Only before the stream starts. */
    video: videoInput.optional(),
    /** INGEST streams: go live as soon as the encoder connects. */
    autoGoLive: z.boolean().optional(),
    /** HLS streams: a playlist to play once the stream has ended. */
    replayUrl: replayUrl.optional(),
  })
  .refine((input) => Object.values(input).some((value) => value !== undefined), "Nothing to update: give at least one field.");
export type UpdateStreamInput = z.infer<typeof updateStreamInput>;
