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

export const CHAT_RETENTION_MODES = ["ARCHIVE", "DELETE"] as const;
export const CHAT_RETENTION_MAX_DAYS = 3_650;

/** Both fields required: the setting is saved whole, as the admin panel shows it. */
export const setChatRetentionInput = z.object({
  days: z
    .int32("days must be a whole number of days, or null to keep chat forever.")
    .min(1, "days must be at least 1.")
    .max(CHAT_RETENTION_MAX_DAYS, `days must be at most ${CHAT_RETENTION_MAX_DAYS} (ten years).`)
    .nullable(),
  mode: z.enum(CHAT_RETENTION_MODES, "mode must be ARCHIVE or DELETE."),
});
export type SetChatRetentionInput = z.infer<typeof setChatRetentionInput>;

export const ARCHIVE_RUNS_MAX = 50;

export const archiveRunsInput = z
  .object({
    limit: z
      .int32("limit must be a whole number.")
      .min(1, "limit must be at least 1.")
      .max(ARCHIVE_RUNS_MAX, `limit must be at most ${ARCHIVE_RUNS_MAX}.`)
      .default(10),
  })
  .default({ limit: 10 });
