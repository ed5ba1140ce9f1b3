import type { NotificationKind } from "@onair/db";
import { z } from "zod";
import { cursorPageShape } from "../shared/pages";
import { idSchema, streamIdSchema } from "../shared/ids";

/** Every kind, in the order the preferences list them (the record makes a new kind a compile error here). */
const KINDS: Record<NotificationKind, true> = {
  MENTION: true,
  REPLY: true,
  STREAM_LIVE: true,
  STREAM_REMINDER: true,
  STREAM_SCHEDULED: true,
  ORDER_STATUS: true,
  MODERATION: true,
};
export const NOTIFICATION_KINDS = Object.keys(KINDS) as NotificationKind[];

export const notificationKindSchema = z.enum(NOTIFICATION_KINDS as [NotificationKind, ...NotificationKind[]], {
  message: `kind must be one of ${NOTIFICATION_KINDS.join(", ")}.`,
});

export const listNotificationsInput = z
  .object({
    ...cursorPageShape({ max: 50, default: 20 }),
    limit: z
      .number()
      .int("limit must be a whole number.")
      .min(1, "Ask for at least 1 notification.")
      .max(50, "At most 50 notifications a page.")
      .default(20),
    unreadOnly: z.boolean().optional(),
  })
  .default({ limit: 20 });

export const markReadInput = z.object({
  ids: z.array(idSchema("notification id")).min(1, "Give at least one notification id.").max(100, "At most 100 notifications at once."),
});

export const setPreferenceInput = z
  .object({ kind: notificationKindSchema, inApp: z.boolean().optional(), push: z.boolean().optional() })
  .refine((input) => input.inApp !== undefined || input.push !== undefined, "Say what to change: inApp, push or both.");

export const setReminderInput = z.object({ streamId: streamIdSchema, on: z.boolean() });

export const remindersInput = z.object({
  streamIds: z.array(streamIdSchema).min(1, "Give at least one stream id.").max(50, "At most 50 streams at once."),
});

export type ListNotificationsInput = z.output<typeof listNotificationsInput>;
