import { z } from "zod";
import { streamIdSchema as streamId } from "../shared/ids";
import { cursorPageShape } from "../shared/pages";

export const streamStatusSchema = z.enum(["SCHEDULED", "LIVE", "ENDED"]);

export const listStreamsInput = z.object({
  status: streamStatusSchema,
  ...cursorPageShape({ max: 50, default: 20 }),
});
export type ListStreamsInput = z.infer<typeof listStreamsInput>;

export const streamBySlugInput = z.object({
  slug: z
    .string()
    .min(1)
    .max(80)
    .regex(/^[a-z0-9-]+$/, "A stream slug has lower-case letters, digits and dashes."),
});

export const streamIdInput = z.object({ streamId });

export const setLikeInput = z.object({ streamId, liked: z.boolean() });

export const setFollowInput = z.object({ streamId, following: z.boolean() });

/** `watching`: the subscriber is watching the stream (the viewer's page), so they count as a viewer while it is open. */
export const streamEventsInput = z.object({ streamId, watching: z.boolean().default(false) });

export const updateStreamInput = z
  .object({
    title: z.string().trim().min(1, "Title cannot be empty.").max(120, "Title is longer than 120 characters.").optional(),
    description: z.string().trim().max(2_000, "Description is longer than 2,000 characters.").optional(),
  })
  .refine((input) => input.title !== undefined || input.description !== undefined, "Nothing to update: give a title or a description.");
export type UpdateStreamInput = z.infer<typeof updateStreamInput>;
