import type { Db } from "@onair/db";
import { uniqueUsername } from "./username";

export interface OAuthSignIn {
  provider: string;
  providerAccountId: string;
  email: string | null;
  name: string | null;
  image: string | null;
  preferredUsername: string | null;
}

/** Why an OAuth sign-in was refused; the sign-in page explains each (see OAUTH_ERROR_MESSAGES). */
export type OAuthRefusal = "OAuthEmailInUse" | "OAuthLinkedElsewhere";

export const OAUTH_ERROR_MESSAGES: Record<OAuthRefusal, string> = {
  OAuthEmailInUse:
    "An OnAir account already uses this GitHub account's email. Sign in with your email and password, then choose “Link GitHub” to use GitHub from then on.",
  OAuthLinkedElsewhere: "This GitHub account is already linked to another OnAir account.",
};

export type OAuthResolution = { ok: true; userId: string } | { ok: false; error: OAuthRefusal };

/**
 * Who an OAuth sign-in signs in as. An OAuth account already linked signs in
 * as its user. A new one is linked only to `linkTo`, the signed-in user who
 * asked to link it (see oauth-link.ts); without that it gets an account of its
 * own, and is refused when its email belongs to an existing account: emails
 * are not verified at sign-up, so matching them would hand that account to
 * whoever controls the GitHub account.
 */
export async function resolveOAuthSignIn(db: Db, signIn: OAuthSignIn, linkTo: { userId: string } | null): Promise<OAuthResolution> {
  const where = { provider_providerAccountId: { provider: signIn.provider, providerAccountId: signIn.providerAccountId } };
  const existing = await db.account.findUnique({ where, select: { userId: true } });
  if (existing) {
    return linkTo && existing.userId !== linkTo.userId
      ? { ok: false, error: "OAuthLinkedElsewhere" }
      : { ok: true, userId: existing.userId };
  }
  const account = { type: "oauth", provider: signIn.provider, providerAccountId: signIn.providerAccountId };
  if (linkTo) {
    await db.account.create({ data: { ...account, userId: linkTo.userId } });
    return { ok: true, userId: linkTo.userId };
  }
  const email = signIn.email?.trim().toLowerCase() || null;
  return db.$transaction(async (tx) => {
    if (email && (await tx.user.findUnique({ where: { email }, select: { id: true } })))
      return { ok: false, error: "OAuthEmailInUse" } as const;
    const user = await tx.user.create({
      data: {
        email,
        emailVerified: email ? new Date() : null,
        name: signIn.name,
        image: signIn.image,
        username: await uniqueUsername(tx, signIn.preferredUsername ?? signIn.name ?? email ?? "viewer"),
        accounts: { create: account },
      },
      select: { id: true },
    });
    return { ok: true, userId: user.id } as const;
  });
}

/** The user an already linked OAuth account signs in as. */
export async function userIdForOAuthAccount(db: Db, provider: string, providerAccountId: string): Promise<string | null> {
  const account = await db.account.findUnique({
    where: { provider_providerAccountId: { provider, providerAccountId } },
    select: { userId: true },
  });
  return account?.userId ?? null;
}
