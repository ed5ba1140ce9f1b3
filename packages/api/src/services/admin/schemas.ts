import { z } from "zod";
import { listUsersInput } from "../moderation/schemas";
import { userIdSchema } from "../shared/ids";

export const adminListUsersInput = listUsersInput.extend({
  /** true: only users an admin made creators (admins may create streams without it). */
  creators: z.boolean().optional(),
});
export type AdminListUsersInput = z.infer<typeof adminListUsersInput>;

export const STREAM_CREATION_POLICIES = ["EVERYONE", "CREATORS"] as const;

export const setStreamCreationInput = z.object({ policy: z.enum(STREAM_CREATION_POLICIES) });

export const setCreatorInput = z.object({ userId: userIdSchema, canCreate: z.boolean() });
