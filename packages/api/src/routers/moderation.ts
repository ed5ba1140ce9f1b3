import { moderationFeed } from "../realtime/feeds";
import { listLog } from "../services/moderation/audit";
import type { ModerationDeps } from "../services/moderation/context";
import { approveMessage, deleteMessage, denyMessage, heldQueue, purgeUserMessages } from "../services/moderation/messages";
import { moderatedStreams, moderatesAnything } from "../services/moderation/my-streams";
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
  type Context,
} from "../trpc";
import type { SessionUser } from "../services/account/session-user";
import type { StreamRef, StreamRole } from "../services/moderation/permissions";

function deps(ctx: Context & { user: SessionUser; stream: StreamRef; streamRole: StreamRole }): ModerationDeps {
  return { db: ctx.db, bus: ctx.bus, actor: ctx.user, stream: ctx.stream, actorRole: ctx.streamRole };
}

/** Everything a stream's moderators do: every action is written to the audit log in the transaction that makes it. */
export const moderationRouter = createTRPCRouter({
  /** The streams the caller can moderate (with how many messages wait for review). */
  myStreams: protectedProcedure.query(({ ctx }) => moderatedStreams(ctx.db, ctx.user)),
  /** Whether the caller moderates any stream (owner, appointed, global moderator or admin). */
  moderatesAnything: protectedProcedure.query(({ ctx }) => moderatesAnything(ctx.db, ctx.user)),

  /** The caller's role in the stream: "moderator", "owner" or "admin". */
  access: streamModeratorProcedure.query(({ ctx }) => ({ role: ctx.streamRole, stream: ctx.stream })),

  // messages
  deleteMessage: streamModeratorProcedure.input(messageActionInput).mutation(({ ctx, input }) => deleteMessage(deps(ctx), input)),
  queue: streamModeratorProcedure.query(({ ctx }) => heldQueue({ db: ctx.db, stream: ctx.stream })),
  approve: streamModeratorProcedure.input(messageActionInput).mutation(({ ctx, input }) => approveMessage(deps(ctx), input)),
  deny: streamModeratorProcedure.input(messageActionInput).mutation(({ ctx, input }) => denyMessage(deps(ctx), input)),

  // people
  timeout: streamModeratorProcedure.input(timeoutInput).mutation(({ ctx, input }) => timeoutUser(deps(ctx), input)),
  ban: streamModeratorProcedure.input(banInput).mutation(({ ctx, input }) => banUser(deps(ctx), input)),
  unban: streamModeratorProcedure.input(userTargetInput).mutation(({ ctx, input }) => unbanUser(deps(ctx), input)),
  purge: streamModeratorProcedure.input(purgeInput).mutation(({ ctx, input }) => purgeUserMessages(deps(ctx), input)),
  restrictions: streamModeratorProcedure.query(({ ctx }) => activeRestrictions(ctx.db, ctx.stream.id)),
  userCard: streamModeratorProcedure.input(userTargetInput).query(({ ctx, input }) => userCard({ db: ctx.db, stream: ctx.stream }, input)),

  // chat modes
  updateSettings: streamModeratorProcedure
    .input(updateChatSettingsInput)
    .mutation(({ ctx, input }) => updateChatSettings(deps(ctx), input)),
  setShield: streamModeratorProcedure.input(shieldInput).mutation(({ ctx, input }) => setShieldMode(deps(ctx), input)),

  // terms
  terms: streamModeratorProcedure.query(({ ctx }) => listTerms({ db: ctx.db, stream: ctx.stream })),
  addTerm: streamModeratorProcedure.input(termInput).mutation(({ ctx, input }) => addTerm(deps(ctx), input)),
  removeTerm: streamModeratorProcedure.input(termIdInput).mutation(({ ctx, input }) => removeTerm(deps(ctx), input)),

  // the stream's own moderators (owner and admins)
  moderators: streamModeratorProcedure.query(({ ctx }) => listStreamModerators({ db: ctx.db, stream: ctx.stream })),
  addModerator: streamOwnerProcedure.input(moderatorInput).mutation(({ ctx, input }) => addStreamModerator(deps(ctx), input)),
  removeModerator: streamOwnerProcedure.input(moderatorRemoveInput).mutation(({ ctx, input }) => removeStreamModerator(deps(ctx), input)),

  /** The stream's audit log, newest first, filterable. (CSV/JSON export: GET /api/moderation-log.) */
  log: streamModeratorProcedure.input(moderationLogInput).query(({ ctx, input }) => {
    const { cursor, limit, streamId: _streamId, ...filter } = input;
    return listLog(ctx.db, { ...filter, streamId: ctx.stream.id }, { cursor, limit });
  }),

  /** Live: the hold-for-review queue first, then held messages, reviews and audit entries as they happen. */
  onEvents: streamModeratorSubscriptionProcedure.subscription(({ ctx, signal }) =>
    moderationFeed(
      { db: ctx.db, realtime: ctx.realtime, stream: ctx.stream, moderatorId: ctx.user.id },
      { signal: signal ?? new AbortController().signal },
    ),
  ),
});
