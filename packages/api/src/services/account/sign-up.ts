import { hashPassword } from "@onair/auth";
import type { Db } from "@onair/db";
import { AppError } from "../../errors";
import type { SignUpInput } from "./schemas";
import { sessionUserSelect, type SessionUser } from "./session-user";

/** Creates a viewer account with a password. The caller then signs in through next-auth. */
export async function signUp(db: Db, input: SignUpInput): Promise<SessionUser> {
  const [emailTaken, usernameTaken] = await Promise.all([
    db.user.findUnique({ where: { email: input.email }, select: { id: true } }),
    db.user.findUnique({ where: { username: input.username }, select: { id: true } }),
  ]);
  if (emailTaken) throw new AppError("CONFLICT", "An account with this email already exists. Sign in instead.");
  if (usernameTaken) throw new AppError("CONFLICT", `The username @${input.username} is taken.`);

  try {
    return await db.user.create({
      data: {
        email: input.email,
        username: input.username,
        name: input.name || null,
        passwordHash: await hashPassword(input.password),
      },
      select: sessionUserSelect,
    });
  } catch (error) {
    // Lost a race with a concurrent sign-up for the same email or username.
    if ((error as { code?: string }).code === "P2002") throw new AppError("CONFLICT", "That email or username was just taken.");
    throw error;
  }
}
