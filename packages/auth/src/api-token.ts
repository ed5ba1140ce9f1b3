import { createHash, randomBytes } from "node:crypto";

const TOKEN_PREFIX = "onair_";

/** A new personal API token; only its hash is stored. */
export function generateApiToken(): { token: string; tokenHash: string; prefix: string } {
  const token = TOKEN_PREFIX + randomBytes(24).toString("base64url");
  return { token, tokenHash: hashApiToken(token), prefix: token.slice(0, TOKEN_PREFIX.length + 6) };
}

export function hashApiToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
