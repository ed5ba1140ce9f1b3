import { generateApiToken } from "@onair/auth";
import type { Db } from "@onair/db";
import { AppError } from "../../errors";
import type { CreateApiTokenInput } from "./schemas";

const DAY_MS = 24 * 60 * 60 * 1000;

/** Creates a personal API token; the plain token is returned only this once. */
export async function createApiToken(db: Db, userId: string, input: CreateApiTokenInput) {
  const { token, tokenHash, prefix } = generateApiToken();
  const row = await db.apiToken.create({
    data: {
      userId,
      name: input.name,
      tokenHash,
      prefix,
      expiresAt: input.expiresInDays ? new Date(Date.now() + input.expiresInDays * DAY_MS) : null,
    },
    select: { id: true, name: true, prefix: true, createdAt: true, expiresAt: true },
  });
  return { ...row, token };
}

export function listApiTokens(db: Db, userId: string) {
  return db.apiToken.findMany({
    where: { userId, revokedAt: null },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, expiresAt: true },
  });
}

export async function revokeApiToken(db: Db, userId: string, tokenId: string): Promise<void> {
  const { count } = await db.apiToken.updateMany({
    where: { id: tokenId, userId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (count === 0) throw new AppError("NOT_FOUND", "No such active token.");
}
