import { createHmac } from "node:crypto";
import { generateApiToken, hashApiToken } from "@onair/auth";
import { AppError } from "../../errors";
import type { SignedInDeps } from "../deps";
import { advisoryLock } from "../shared/locks";
import type { CreateApiTokenInput } from "./schemas";

const DAY_MS = 24 * 60 * 60 * 1000;

/** Active (not revoked, not expired) API tokens one user may hold. */
export const MAX_ACTIVE_API_TOKENS = 25;

/** As @onair/auth's generateApiToken writes them: "onair_" and 24 bytes in base64url. */
const TOKEN_PREFIX = "onair_";

const tokenSelect = { id: true, name: true, prefix: true, createdAt: true, expiresAt: true } as const;

/**
 * The token a create with a requestId makes: derived from the server's secret,
 * the user and the requestId, so a retry can answer the same plaintext while
 * only its hash is stored. Same shape as generateApiToken's random tokens.
 */
function derivedApiToken(authSecret: string, userId: string, requestId: string): { token: string; tokenHash: string; prefix: string } {
  const secret = createHmac("sha256", authSecret).update(`api-token\u0000${userId}\u0000${requestId}`).digest().subarray(0, 24);
  const token = TOKEN_PREFIX + secret.toString("base64url");
  return { token, tokenHash: hashApiToken(token), prefix: token.slice(0, TOKEN_PREFIX.length + 6) };
}

/**
 * Creates a personal API token; the plain token is returned only this once
 * (or again to a retry with the same requestId). A user holds at most
 * MAX_ACTIVE_API_TOKENS active tokens.
 */
export async function createApiToken(deps: Pick<SignedInDeps, "db" | "authSecret" | "actor">, input: CreateApiTokenInput) {
  const { requestId } = input;
  const userId = deps.actor.id;
  const { token, tokenHash, prefix } = requestId ? derivedApiToken(deps.authSecret, userId, requestId) : generateApiToken();
  return deps.db.$transaction(async (tx) => {
    // One user's creates take turns, so the cap holds and a concurrent retry sees the first.
    await advisoryLock(tx, `api-tokens:${userId}`);
    if (requestId) {
      const original = await tx.apiToken.findUnique({
        where: { userId_clientRequestId: { userId, clientRequestId: requestId } },
        select: tokenSelect,
      });
      if (original) return { ...original, token };
    }
    const active = await tx.apiToken.count({
      where: { userId, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] },
    });
    if (active >= MAX_ACTIVE_API_TOKENS) {
      throw new AppError(
        "CONFLICT",
        `You already have ${MAX_ACTIVE_API_TOKENS} active API tokens, the most allowed. Revoke one to create another.`,
      );
    }
    const row = await tx.apiToken.create({
      data: {
        userId,
        name: input.name,
        tokenHash,
        prefix,
        clientRequestId: requestId ?? null,
        expiresAt: input.expiresInDays ? new Date(Date.now() + input.expiresInDays * DAY_MS) : null,
      },
      select: tokenSelect,
    });
    return { ...row, token };
  });
}

/** The caller's active tokens, newest first (never the token itself). */
export function listApiTokens(deps: Pick<SignedInDeps, "db" | "actor">) {
  return deps.db.apiToken.findMany({
    where: { userId: deps.actor.id, revokedAt: null },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, expiresAt: true },
  });
}

export async function revokeApiToken(deps: Pick<SignedInDeps, "db" | "actor">, input: { id: string }): Promise<void> {
  const { count } = await deps.db.apiToken.updateMany({
    where: { id: input.id, userId: deps.actor.id, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (count === 0) throw new AppError("NOT_FOUND", "No such active token.");
}
