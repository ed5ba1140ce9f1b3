import type { Db } from "@onair/db";
import type { EventBus } from "../../events/bus";
import { AppError } from "../../errors";
import type { SessionUser } from "../account/session-user";
import { outranks, userRoleIn, type StreamRef, type StreamRole } from "./permissions";

/** What every moderation service gets: the procedure has already checked the actor may moderate `stream`. */
export interface ModerationDeps {
  db: Db;
  bus: EventBus;
  actor: SessionUser;
  stream: StreamRef;
  actorRole: StreamRole;
}

/** The user a moderation action is aimed at: must exist, not be the actor, and rank below the actor. */
export async function requireTarget(deps: ModerationDeps, userId: string): Promise<StreamRole> {
  if (userId === deps.actor.id) throw new AppError("BAD_REQUEST", "You cannot do this to yourself.");
  const role = await userRoleIn(deps.db, deps.stream, userId);
  if (!outranks(deps.actorRole, role)) {
    throw new AppError(
      "FORBIDDEN",
      `You cannot act on ${role === "admin" ? "an admin" : role === "owner" ? "the stream's owner" : "another moderator"}.`,
    );
  }
  return role;
}
