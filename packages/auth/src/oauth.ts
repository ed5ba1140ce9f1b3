import type { Db } from "@onair/db";
import { uniqueUsername } from "./username";

interface OAuthSignIn {
  provider: string;
  providerAccountId: string;
  email: string | null;
  name: string | null;
  image: string | null;
  preferredUsername: string | null;
}

/** Finds or creates the OnAir user behind an OAuth account and returns its id. */
export async function linkOAuthAccount(db: Db, signIn: OAuthSignIn): Promise<string> {
  const existing = await db.account.findUnique({
    where: { provider_providerAccountId: { provider: signIn.provider, providerAccountId: signIn.providerAccountId } },
    select: { userId: true },
  });
  if (existing) return existing.userId;

  return db.$transaction(async (tx) => {
    const email = signIn.email?.toLowerCase() ?? null;
    // Only a verified provider email is trusted enough to attach to an existing account; GitHub's primary email is.
    const byEmail = email ? await tx.user.findUnique({ where: { email }, select: { id: true } }) : null;
    const userId =
      byEmail?.id ??
      (
        await tx.user.create({
          data: {
            email,
            emailVerified: email ? new Date() : null,
            name: signIn.name,
            image: signIn.image,
            username: await uniqueUsername(tx, signIn.preferredUsername ?? signIn.name ?? email ?? "viewer"),
          },
          select: { id: true },
        })
      ).id;
    await tx.account.create({
      data: { userId, type: "oauth", provider: signIn.provider, providerAccountId: signIn.providerAccountId },
    });
    return userId;
  });
}
