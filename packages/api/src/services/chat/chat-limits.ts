import { createHash } from "node:crypto";
import { RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { limiterKey, type RateLimitStore } from "../limits/rate-limit-store";

export interface ChatLimitsConfig {
  /** Messages one person may send per window, across all streams. */
  userMessages: number;
  userWindowSeconds: number;
  /** Messages one IP address may send per window (several accounts behind one address). */
  ipMessages: number;
  ipWindowSeconds: number;
  /** Unique chat: how long an identical message stays refused in a stream. */
  uniqueChatSeconds: number;
  /** `@` autocomplete look-ups (chat.mentionCandidates) one client may make per window. */
  mentionLookups: number;
  mentionWindowSeconds: number;
}

export const DEFAULT_CHAT_LIMITS: ChatLimitsConfig = {
  userMessages: 20,
  userWindowSeconds: 30,
  ipMessages: 60,
  ipWindowSeconds: 30,
  uniqueChatSeconds: 30,
  // The composer asks once per pause in typing: a fast typist stays well under this.
  mentionLookups: 30,
  mentionWindowSeconds: 10,
};

export type LimitRefusal = { kind: "slowMode" | "userRate" | "ipRate" | "duplicate"; retryAfterMs: number };

interface Step {
  kind: LimitRefusal["kind"];
  limiter: RateLimiterAbstract;
  key: string;
  options: { customDuration?: number };
}

/** How unique chat compares messages: case, spacing and repeated punctuation do not make a message new. */
export function normalizeForUniqueness(body: string): string {
  return body
    .toLowerCase()
    .replace(/\s+/g, " ")
    .replace(/([^\p{L}\p{N}\s])\1+/gu, "$1")
    .trim();
}

/**
 * Slow mode, per-user and per-IP message limits and unique chat, counted in
 * the shared rate-limit store (rate-limit-store.ts): Redis when configured,
 * otherwise PostgreSQL, so the web app and every WebSocket server count one
 * allowance together (sending half over HTTP and half over WebSocket does not
 * double it).
 */
export class ChatLimiter {
  private readonly slowMode: RateLimiterAbstract;
  private readonly user: RateLimiterAbstract;
  private readonly ip: RateLimiterAbstract;
  private readonly unique: RateLimiterAbstract;
  private readonly mentionLookups: RateLimiterAbstract;

  constructor(
    readonly config: ChatLimitsConfig,
    store: RateLimitStore,
  ) {
    // Slow mode's window is each stream's setting, passed per call as customDuration.
    this.slowMode = store.limiter({ name: "chat-slow", points: 1, durationSeconds: 1 });
    this.user = store.limiter({ name: "chat-user", points: config.userMessages, durationSeconds: config.userWindowSeconds });
    this.ip = store.limiter({ name: "chat-ip", points: config.ipMessages, durationSeconds: config.ipWindowSeconds });
    this.unique = store.limiter({ name: "chat-unique", points: 1, durationSeconds: config.uniqueChatSeconds });
    this.mentionLookups = store.limiter({
      name: "chat-mention-lookup",
      points: config.mentionLookups,
      durationSeconds: config.mentionWindowSeconds,
    });
  }

  /** Counts one `@` autocomplete look-up of `client` (a user or an address); the wait in ms once it has used its allowance, else null. */
  async takeMentionLookup(client: string): Promise<number | null> {
    try {
      await this.mentionLookups.consume(limiterKey(client));
      return null;
    } catch (error) {
      if (error instanceof RateLimiterRes) return error.msBeforeNext;
      throw error;
    }
  }

  /**
   * Counts one message against every limit that applies; returns the first
   * refusal (and then counts it against none of them), or null when it may be sent.
   */
  async take(input: {
    streamId: string;
    userId: string;
    ip: string | null;
    slowModeSeconds: number;
    /** The body, when the stream has unique chat on. */
    uniqueBody: string | null;
  }): Promise<LimitRefusal | null> {
    const steps: Step[] = [];
    if (input.slowModeSeconds > 0) {
      steps.push({
        kind: "slowMode",
        limiter: this.slowMode,
        key: `${input.streamId}:${input.userId}`,
        options: { customDuration: input.slowModeSeconds },
      });
    }
    steps.push({ kind: "userRate", limiter: this.user, key: input.userId, options: {} });
    if (input.ip) steps.push({ kind: "ipRate", limiter: this.ip, key: limiterKey(input.ip), options: {} });
    if (input.uniqueBody !== null) {
      const digest = createHash("sha256").update(normalizeForUniqueness(input.uniqueBody)).digest("base64url");
      steps.push({ kind: "duplicate", limiter: this.unique, key: `${input.streamId}:${digest}`, options: {} });
    }

    const taken: Step[] = [];
    for (const step of steps) {
      try {
        await step.limiter.consume(step.key, 1, step.options);
        taken.push(step);
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error;
        // Give back what this refused message took from the other limits.
        await Promise.allSettled(taken.map((done) => done.limiter.reward(done.key, 1, done.options)));
        return { kind: step.kind, retryAfterMs: error.msBeforeNext };
      }
    }
    return null;
  }
}
