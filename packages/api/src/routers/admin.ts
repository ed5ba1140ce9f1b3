import { listUsers, setRole } from "../services/admin/roles";
import { globalLog } from "../services/moderation/audit";
import { banGlobally, unbanGlobally } from "../services/moderation/restrictions";
import { globalBanInput, globalLogInput, globalUnbanInput, listUsersInput, setRoleInput } from "../services/moderation/schemas";
import { adminProcedure, createTRPCRouter } from "../trpc";

/** Site administration: global roles, global bans, the whole audit log. */
export const adminRouter = createTRPCRouter({
  users: adminProcedure.input(listUsersInput).query(({ ctx, input }) => listUsers(ctx.deps, input)),
  setRole: adminProcedure.input(setRoleInput).mutation(({ ctx, input }) => setRole(ctx.deps, input)),
  ban: adminProcedure.input(globalBanInput).mutation(({ ctx, input }) => banGlobally(ctx.deps, input)),
  unban: adminProcedure.input(globalUnbanInput).mutation(({ ctx, input }) => unbanGlobally(ctx.deps, input)),
  /** Every stream's entries and the global ones (role changes, global bans). */
  log: adminProcedure.input(globalLogInput).query(({ ctx, input }) => globalLog(ctx.deps, input)),
});
