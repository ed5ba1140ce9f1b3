import { hashPassword } from "@onair/auth";
import type { Db } from "@onair/db";
import { AppError } from "../../errors";
import type { ServiceDeps } from "../deps";
import type { SignUpInput } from "./schemas";
import { sessionUserSelect, type SessionUser } from "./session-user";

/**
 * Creates a viewer account with a password. The caller then signs in through
 * next-auth. With a requestId, a retry (same id, same email and username)
 * returns the account the first attempt created instead of failing as taken.
 * Counted per client address first (SIGN_UP_IP_RATE_LIMIT): TOO_MANY_REQUESTS with retryAfterMs past it.
 */
export async function signUp(deps: Pick<ServiceDeps, "db" | "limits" | "clientIp">, input: SignUpInput): Promise<SessionUser> {
  await deps.limits.signUp.take(deps.clientIp);
  const { db } = deps;
  const original = await retriedSignUp(db, input);
  if (original) return original;
  const [emailTaken, usernameTaken] = await Promise.all([
    db.user.findUnique({ where: { email: input.email }, select: { id: true } }),
    db.user.findUnique({ where: { username: input.username }, select: { id: true } }),
  ]);
  if (emailTaken || usernameTaken) {
    // A concurrent duplicate of this request may have created it since the first look.
    const stored = await retriedSignUp(db, input);
    if (stored) return stored;
  }
  if (emailTaken) throw new AppError("CONFLICT", "An account with this email already exists. Sign in instead.");
  if (usernameTaken) throw new AppError("CONFLICT", `The username @${input.username} is taken.`);

  try {
    return await db.user.create({
      data: {
        email: input.email,
        username: input.username,
        name: input.name || null,
        passwordHash: await hashPassword(input.password),
        signUpRequestId: input.requestId ?? null,
      },
      select: sessionUserSelect,
    });
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") {
      // A concurrent duplicate of this request created the account first.
      const stored = await retriedSignUp(db, input);
      if (stored) return stored;
      // Lost a race with a concurrent sign-up for the same email or username.
      throw new AppError("CONFLICT", "That email or username was just taken.");
    }
    throw error;
  }
}

/** The account an earlier attempt of this sign-up (same requestId) created, or null. */
async function retriedSignUp(db: Db, input: SignUpInput): Promise<SessionUser | null> {
  if (!input.requestId) return null;
  const user = await db.user.findUnique({
    where: { signUpRequestId: input.requestId },
    select: { ...sessionUserSelect, email: true },
  });
  if (!user) return null;
  // The id is the client's; another sign-up reusing it (a different address) is refused rather than shown this account.
  if (user.email !== input.email || user.username !== input.username) {
    throw new AppError("CONFLICT", "This requestId was already used for another sign-up; generate a new one.");
  }
  const { email: _email, ...sessionUser } = user;
  return sessionUser;
}
