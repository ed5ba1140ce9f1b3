import { listUsers, setRole } from "../services/admin/roles";
import { listLog } from "../services/moderation/audit";
import { banGlobally, unbanGlobally } from "../services/moderation/restrictions";
import { globalBanInput, globalLogInput, globalUnbanInput, listUsersInput, setRoleInput } from "../services/moderation/schemas";
import { adminProcedure, createTRPCRouter } from "../trpc";

/** Site administration: global roles, global bans, the whole audit log. */
export const adminRouter = createTRPCRouter({
  users: adminProcedure.input(listUsersInput).query(({ ctx, input }) => listUsers(ctx.db, input)),
  setRole: adminProcedure.input(setRoleInput).mutation(({ ctx, input }) => setRole({ db: ctx.db, actor: ctx.user }, input)),
  ban: adminProcedure.input(globalBanInput).mutation(({ ctx, input }) => banGlobally({ db: ctx.db, actor: ctx.user }, input)),
  unban: adminProcedure.input(globalUnbanInput).mutation(({ ctx, input }) => unbanGlobally({ db: ctx.db, actor: ctx.user }, input)),
  /** Every stream's entries and the global ones (role changes, global bans). */
  log: adminProcedure.input(globalLogInput).query(({ ctx, input }) => {
    const { cursor, limit, streamId, ...filter } = input;
    return listLog(ctx.db, { ...filter, streamId: streamId ?? null }, { cursor, limit });
  }),
});
