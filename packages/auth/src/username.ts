import type { DbOrTx } from "@onair/db";

export const USERNAME_PATTERN = /^[a-z0-9_]{3,24}$/;

/** Lower-cases and strips a display name or email into a handle candidate. */
export function usernameCandidate(source: string): string {
  const cleaned = source
    .toLowerCase()
    .replace(/@.*$/, "")
    .replace(/[^a-z0-9_]+/g, "_")
    .replace(/^_+|_+$/g, "");
  return (cleaned.length >= 3 ? cleaned : `${cleaned}_user`).slice(0, 20);
}

/** A free username derived from the candidate (appending digits on collision). */
export async function uniqueUsername(db: DbOrTx, candidate: string): Promise<string> {
  const base = usernameCandidate(candidate);
  for (let attempt = 0; attempt < 20; attempt++) {
    const name = attempt === 0 ? base : `${base.slice(0, 20)}${Math.floor(Math.random() * 10_000)}`;
    const taken = await db.user.findUnique({ where: { username: name }, select: { id: true } });
    if (!taken) return name;
  }
  throw new Error("Could not find a free username");
}
