import { notificationsFeed } from "../realtime/feeds";
import { listNotifications, markAllRead, markRead, unreadCount } from "../services/notifications/read";
import { notificationPreferences, setNotificationPreference } from "../services/notifications/preferences";
import { reminders, setReminder } from "../services/notifications/reminders";
import {
  listNotificationsInput,
  markReadInput,
  remindersInput,
  setPreferenceInput,
  setReminderInput,
} from "../services/notifications/schemas";
import { createTRPCRouter, protectedProcedure, protectedSubscriptionProcedure } from "../trpc";

/** The caller's notification centre, preferences and stream reminders (services/notifications; docs/notifications.md). */
export const notificationsRouter = createTRPCRouter({
  /** Newest first, a page at a time; with the unread count. */
  list: protectedProcedure.input(listNotificationsInput).query(({ ctx, input }) => listNotifications(ctx.deps, input)),
  unreadCount: protectedProcedure.query(async ({ ctx }) => ({ unread: await unreadCount(ctx.db, ctx.user.id) })),
  /** Marks these read (ids that are not the caller's are ignored); every device of theirs hears notifications.read. */
  markRead: protectedProcedure.input(markReadInput).mutation(({ ctx, input }) => markRead(ctx.deps, input)),
  markAllRead: protectedProcedure.mutation(({ ctx }) => markAllRead(ctx.deps)),
  /** notifications.unread first, then notifications.new and notifications.read as they happen. */
  onEvents: protectedSubscriptionProcedure.subscription(({ ctx, signal }) =>
    notificationsFeed({ db: ctx.db, bus: ctx.bus }, { userId: ctx.user.id, signal: signal ?? new AbortController().signal }),
  ),
  /** In-app and push, per kind (never changed: both on). */
  preferences: protectedProcedure.query(({ ctx }) => notificationPreferences(ctx.deps)),
  setPreference: protectedProcedure.input(setPreferenceInput).mutation(({ ctx, input }) => setNotificationPreference(ctx.deps, input)),
  /** "Remind me" when a scheduled stream goes live. */
  setReminder: protectedProcedure.input(setReminderInput).mutation(({ ctx, input }) => setReminder(ctx.deps, input)),
  /** Which of these streams the caller will be reminded of. */
  reminders: protectedProcedure.input(remindersInput).query(({ ctx, input }) => reminders(ctx.deps, input)),
});
