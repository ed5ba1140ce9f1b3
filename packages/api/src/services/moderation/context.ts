import { AppError } from "../../errors";
import type { StreamDeps } from "../deps";
import { outranks, userRoleIn, type StreamRole } from "./permissions";

/** What a moderation action needs: the procedure has already checked the actor may moderate `stream`. */
/** `jobs` and `push`: the person acted on is also told by push (services/notifications). */
export type ModerationDeps = Pick<StreamDeps, "db" | "bus" | "actor" | "stream" | "actorRole"> & Partial<Pick<StreamDeps, "jobs" | "push">>;

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
