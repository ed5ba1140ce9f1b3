import type { Credential, SessionUser } from "@onair/api";
import type { Db } from "@onair/db";

/** Close codes of connections whose identity no longer holds (the client reconnects with what it has now). */
export const IDENTITY_CLOSE = {
  /** Signed out (session row gone or expired), API token revoked or expired, or account deleted. */
  sessionEnded: { code: 4001, reason: "Session ended" },
  /** Banned from OnAir after the connection signed in. */
  banned: { code: 4003, reason: "Banned" },
  /** The user's global role changed: reconnect to act with the new one. */
  roleChanged: { code: 4005, reason: "Role changed" },
} as const;

export type IdentityEnd = (typeof IDENTITY_CLOSE)[keyof typeof IDENTITY_CLOSE];

/** A signed-in connection as it was when it signed in. */
export interface WatchedIdentity {
  user: Pick<SessionUser, "id" | "role">;
  credential: Credential;
  /** When it signed in: only bans issued after this end it (a banned user may still watch). */
  since: Date;
}

interface Entry extends WatchedIdentity {
  end(end: IdentityEnd): void;
}

/**
 * Re-checks every signed-in connection of this server every `intervalMs` with
 * one query for all of them: an API token revoked or expired, a session
 * ended (signed out), an account deleted, a global ban or a changed role ends
 * the connection. While the database is unreachable connections stay open.
 */
export class IdentityWatch {
  private readonly entries = new Set<Entry>();
  private timer: NodeJS.Timeout | null = null;
  private failing = false;
  private stopped = false;

  constructor(
    private readonly db: Db,
    private readonly intervalMs: number,
  ) {}

  /** Watches one connection until the returned function is called; `end` is called at most once. */
  add(identity: WatchedIdentity, end: (end: IdentityEnd) => void): () => void {
    const entry: Entry = { ...identity, end };
    this.entries.add(entry);
    this.schedule();
    return () => void this.entries.delete(entry);
  }

  get size(): number {
    return this.entries.size;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule() {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => {
      void this.check().finally(() => {
        this.timer = null;
        if (this.entries.size > 0) this.schedule();
      });
    }, this.intervalMs);
    this.timer.unref();
  }

  /** One pass over every watched connection (the interval calls it; tests may too). */
  async check(): Promise<void> {
    const entries = [...this.entries];
    if (entries.length === 0) return;
    let users;
    try {
      users = await this.currentState(entries);
    } catch (error) {
      if (!this.failing) {
        this.failing = true;
        console.error(`[ws] cannot re-check signed-in connections (${describe(error)}); keeping them open until the database answers`);
      }
      return;
    }
    if (this.failing) {
      this.failing = false;
      console.log("[ws] re-checking signed-in connections again");
    }
    for (const entry of entries) {
      if (!this.entries.has(entry)) continue; // closed meanwhile
      const verdict = judge(entry, users.get(entry.user.id));
      if (verdict) {
        this.entries.delete(entry);
        entry.end(verdict);
      }
    }
  }

  private async currentState(entries: Entry[]) {
    const now = new Date();
    const tokenIds = entries.flatMap((entry) => (entry.credential.kind === "apiToken" ? [entry.credential.tokenId] : []));
    const sessionTokens = entries.flatMap((entry) =>
      entry.credential.kind === "session" && entry.credential.sessionToken ? [entry.credential.sessionToken] : [],
    );
    const notExpired = { OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] };
    const rows = await this.db.user.findMany({
      where: { id: { in: [...new Set(entries.map((entry) => entry.user.id))] } },
      select: {
        id: true,
        role: true,
        bans: {
          where: { kind: "BAN", streamId: null, revokedAt: null, ...notExpired },
          select: { createdAt: true },
          orderBy: { createdAt: "desc" },
          take: 1,
        },
        apiTokens: { where: { id: { in: tokenIds }, revokedAt: null, ...notExpired }, select: { id: true } },
        sessions: { where: { sessionToken: { in: sessionTokens }, expires: { gt: now } }, select: { sessionToken: true } },
      },
    });
    return new Map(
      rows.map((row) => [
        row.id,
        {
          role: row.role,
          bannedAt: row.bans[0]?.createdAt ?? null,
          tokenIds: new Set(row.apiTokens.map((token) => token.id)),
          sessionTokens: new Set(row.sessions.map((session) => session.sessionToken)),
        },
      ]),
    );
  }
}

type CurrentState = { role: SessionUser["role"]; bannedAt: Date | null; tokenIds: Set<string>; sessionTokens: Set<string> };

/** Why a connection must end now, or null while it still holds. */
function judge(entry: WatchedIdentity, now: CurrentState | undefined): IdentityEnd | null {
  if (!now) return IDENTITY_CLOSE.sessionEnded;
  const { credential } = entry;
  if (credential.kind === "apiToken" && !now.tokenIds.has(credential.tokenId)) return IDENTITY_CLOSE.sessionEnded;
  if (credential.kind === "session" && credential.sessionToken && !now.sessionTokens.has(credential.sessionToken))
    return IDENTITY_CLOSE.sessionEnded;
  if (now.bannedAt && now.bannedAt > entry.since) return IDENTITY_CLOSE.banned;
  if (now.role !== entry.user.role) return IDENTITY_CLOSE.roleChanged;
  return null;
}

/** One line about a failure (driver errors can be multi-line or have no message, only a code). */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return error.message.split("\n")[0] || (typeof code === "string" ? code : error.name);
}
