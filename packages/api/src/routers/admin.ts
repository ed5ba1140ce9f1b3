import { setCreator } from "../services/admin/creators";
import { analyticsOverviewInput } from "../services/analytics/schemas";
import { siteAnalyticsOverview } from "../services/analytics/site-overview";
import { listUsers, setRole } from "../services/admin/roles";
import { adminListUsersInput, setCreatorInput, setStreamCreationInput } from "../services/admin/schemas";
import { archiveRunsInput, setChatRetentionInput } from "../services/admin/schemas";
import { setChatRetention, setStreamCreation, siteSettings } from "../services/admin/settings";
import { archiveRuns } from "../services/chat/archive/runs";
import { globalLog } from "../services/moderation/audit";
import { banGlobally, unbanGlobally } from "../services/moderation/restrictions";
import { globalBanInput, globalLogInput, globalUnbanInput, setRoleInput } from "../services/moderation/schemas";
import { adminProcedure, createTRPCRouter } from "../trpc";

/** Site administration: global roles, global bans, the whole audit log, who may create streams, chat retention. */
export const adminRouter = createTRPCRouter({
  users: adminProcedure.input(adminListUsersInput).query(({ ctx, input }) => listUsers(ctx.deps, input)),
  setRole: adminProcedure.input(setRoleInput).mutation(({ ctx, input }) => setRole(ctx.deps, input)),
  ban: adminProcedure.input(globalBanInput).mutation(({ ctx, input }) => banGlobally(ctx.deps, input)),
  unban: adminProcedure.input(globalUnbanInput).mutation(({ ctx, input }) => unbanGlobally(ctx.deps, input)),
  /** Every stream's entries and the global ones (role changes, global bans). */
  log: adminProcedure.input(globalLogInput).query(({ ctx, input }) => globalLog(ctx.deps, input)),
  settings: adminProcedure.query(({ ctx }) => siteSettings(ctx.deps)),
  /** Who may create streams: everyone signed in, or only creators (and admins). */
  setStreamCreation: adminProcedure.input(setStreamCreationInput).mutation(({ ctx, input }) => setStreamCreation(ctx.deps, input)),
  /** Grants or revokes creating streams (needed while only creators may); idempotent. */
  setCreator: adminProcedure.input(setCreatorInput).mutation(({ ctx, input }) => setCreator(ctx.deps, input)),
  /** How long chat stays in the live table (days 1..3650, or null: forever) and whether older chat is archived or deleted. */
  setChatRetention: adminProcedure.input(setChatRetentionInput).mutation(({ ctx, input }) => setChatRetention(ctx.deps, input)),
  /** The chat archiver's latest runs, newest first. */
  archiveRuns: adminProcedure.input(archiveRunsInput).query(({ ctx, input }) => archiveRuns(ctx.deps, input)),
  /** The site across the last `days` days: per-day figures, totals, live now, top streams (rate-limited). */
  analyticsOverview: adminProcedure.input(analyticsOverviewInput).query(({ ctx, input }) => siteAnalyticsOverview(ctx.deps, input)),
});
