import { moderationFeed } from "../realtime/feeds";
import { streamLog } from "../services/moderation/audit";
import { approveMessage, deleteMessage, denyMessage, heldQueue, purgeUserMessages } from "../services/moderation/messages";
import { moderatedStreams, moderatesAnything, moderationAccess } from "../services/moderation/my-streams";
import { activeRestrictions, banUser, timeoutUser, unbanUser } from "../services/moderation/restrictions";
import {
  banInput,
  messageActionInput,
  moderationLogInput,
  moderatorInput,
  moderatorRemoveInput,
  purgeInput,
  shieldInput,
  termIdInput,
  termInput,
  timeoutInput,
  updateChatSettingsInput,
  userTargetInput,
} from "../services/moderation/schemas";
import { setShieldMode, updateChatSettings } from "../services/moderation/settings";
import { addStreamModerator, listStreamModerators, removeStreamModerator } from "../services/moderation/stream-moderators";
import { addTerm, listTerms, removeTerm } from "../services/moderation/terms";
import { userCard } from "../services/moderation/user-card";
import {
  createTRPCRouter,
  protectedProcedure,
  streamModeratorProcedure,
  streamModeratorSubscriptionProcedure,
  streamOwnerProcedure,
} from "../trpc";

/** Everything a stream's moderators do: every action is written to the audit log in the transaction that makes it. */
export const moderationRouter = createTRPCRouter({
  /** The streams the caller can moderate (with how many messages wait for review). */
  myStreams: protectedProcedure.query(({ ctx }) => moderatedStreams(ctx.deps)),
  /** Whether the caller moderates any stream (owner, appointed, global moderator or admin). */
  moderatesAnything: protectedProcedure.query(({ ctx }) => moderatesAnything(ctx.deps)),

  /** The caller's role in the stream: "moderator", "owner" or "admin". */
  access: streamModeratorProcedure.query(({ ctx }) => moderationAccess(ctx.deps)),

  // messages
  deleteMessage: streamModeratorProcedure.input(messageActionInput).mutation(({ ctx, input }) => deleteMessage(ctx.deps, input)),
  queue: streamModeratorProcedure.query(({ ctx }) => heldQueue(ctx.deps)),
  approve: streamModeratorProcedure.input(messageActionInput).mutation(({ ctx, input }) => approveMessage(ctx.deps, input)),
  deny: streamModeratorProcedure.input(messageActionInput).mutation(({ ctx, input }) => denyMessage(ctx.deps, input)),

  // people
  timeout: streamModeratorProcedure.input(timeoutInput).mutation(({ ctx, input }) => timeoutUser(ctx.deps, input)),
  ban: streamModeratorProcedure.input(banInput).mutation(({ ctx, input }) => banUser(ctx.deps, input)),
  unban: streamModeratorProcedure.input(userTargetInput).mutation(({ ctx, input }) => unbanUser(ctx.deps, input)),
  purge: streamModeratorProcedure.input(purgeInput).mutation(({ ctx, input }) => purgeUserMessages(ctx.deps, input)),
  restrictions: streamModeratorProcedure.query(({ ctx }) => activeRestrictions(ctx.deps)),
  userCard: streamModeratorProcedure.input(userTargetInput).query(({ ctx, input }) => userCard(ctx.deps, input)),

  // chat modes
  updateSettings: streamModeratorProcedure.input(updateChatSettingsInput).mutation(({ ctx, input }) => updateChatSettings(ctx.deps, input)),
  setShield: streamModeratorProcedure.input(shieldInput).mutation(({ ctx, input }) => setShieldMode(ctx.deps, input)),

  // terms
  terms: streamModeratorProcedure.query(({ ctx }) => listTerms(ctx.deps)),
  addTerm: streamModeratorProcedure.input(termInput).mutation(({ ctx, input }) => addTerm(ctx.deps, input)),
  removeTerm: streamModeratorProcedure.input(termIdInput).mutation(({ ctx, input }) => removeTerm(ctx.deps, input)),

  // the stream's own moderators (owner and admins)
  moderators: streamModeratorProcedure.query(({ ctx }) => listStreamModerators(ctx.deps)),
  addModerator: streamOwnerProcedure.input(moderatorInput).mutation(({ ctx, input }) => addStreamModerator(ctx.deps, input)),
  removeModerator: streamOwnerProcedure.input(moderatorRemoveInput).mutation(({ ctx, input }) => removeStreamModerator(ctx.deps, input)),

  /** The stream's audit log, newest first, filterable. (CSV/JSON export: GET /api/moderation-log.) */
  log: streamModeratorProcedure.input(moderationLogInput).query(({ ctx, input }) => streamLog(ctx.deps, input)),

  /** Live: the hold-for-review queue first, then held messages, reviews and audit entries as they happen. */
  onEvents: streamModeratorSubscriptionProcedure.subscription(({ ctx, signal }) =>
    moderationFeed(
      { db: ctx.db, realtime: ctx.realtime, stream: ctx.stream, moderatorId: ctx.user.id },
      { signal: signal ?? new AbortController().signal },
    ),
  ),
});
