import { z } from "zod";

/**
 * Limits every procedure's raw input must meet before its zod schema sees it
 * (the input guard on publicProcedure walks the input once): strings without
 * NUL bytes or lone surrogates (PostgreSQL refuses the first; the second is
 * not text) and of bounded length, finite numbers, valid dates, and bounded
 * nesting and size. Field-specific bounds (int4 columns, lengths) stay in the
 * zod schemas; these catch what a schema forgot, once for all inputs.
 */
export const INPUT_LIMITS = {
  /** Longest string anywhere in an input (the longest field, a stream description, allows 2,000). */
  maxStringLength: 10_000,
  /** Deepest nesting of objects and arrays. */
  maxDepth: 8,
  /** Most values (strings, numbers, objects, ...) in one input. */
  maxValues: 2_000,
} as const;

/** Dates PostgreSQL's timestamp columns hold and people mean: years 1 to 9999. */
const MIN_DATE_MS = new Date(0).setUTCFullYear(1, 0, 1);
const MAX_DATE_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** With the u flag a paired surrogate is one code point, so only unpaired halves match. */
const LONE_SURROGATE = /\p{Cs}/u;

function stringProblem(value: string): string | null {
  if (value.length > INPUT_LIMITS.maxStringLength) return `is longer than ${INPUT_LIMITS.maxStringLength} characters`;
  if (value.includes("\u0000")) return "contains a NUL character";
  if (LONE_SURROGATE.test(value)) return "contains an unpaired surrogate (not valid Unicode text)";
  return null;
}

function describe(path: string[]): string {
  return path.length ? path.join(".") : "input";
}

/**
 * The first way `input` breaks INPUT_LIMITS, as a sentence for the client
 * ("body contains a NUL character."), or null when it is fine.
 */
export function inputProblem(input: unknown): string | null {
  let values = 0;
  const visit = (value: unknown, path: string[], depth: number): string | null => {
    if (++values > INPUT_LIMITS.maxValues) return `Input has more than ${INPUT_LIMITS.maxValues} values.`;
    if (typeof value === "string") {
      const problem = stringProblem(value);
      return problem ? `${describe(path)} ${problem}.` : null;
    }
    if (typeof value === "number") return Number.isFinite(value) ? null : `${describe(path)} must be a finite number.`;
    if (value instanceof Date) {
      const time = value.getTime();
      return Number.isFinite(time) && time >= MIN_DATE_MS && time <= MAX_DATE_MS
        ? null
        : `${describe(path)} must be a date between the years 1 and 9999.`;
    }
    if (typeof value !== "object" || value === null) return null;
    if (depth >= INPUT_LIMITS.maxDepth) return `Input is nested more than ${INPUT_LIMITS.maxDepth} levels deep.`;
    const entries: Array<[unknown, unknown]> =
      value instanceof Map
        ? [...value.entries()]
        : value instanceof Set
          ? [...value].map((item, index) => [String(index), item])
          : Object.entries(value);
    for (const [key, child] of entries) {
      if (typeof key === "string") {
        if (stringProblem(key)) return `${describe(path)} has an invalid key.`;
      } else {
        const problem = visit(key, [...path, "(key)"], depth + 1);
        if (problem) return problem;
      }
      const problem = visit(child, [...path, typeof key === "string" ? key.slice(0, 40) : "(value)"], depth + 1);
      if (problem) return problem;
    }
    return null;
  };
  return visit(input, [], 0);
}

/**
 * A client-generated id that makes a create idempotent (chat.send,
 * account.createApiToken, account.signUp): a retry with the same id from the
 * same sender returns the original result. The SDK generates one per call.
 */
export const requestIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "requestId must be 8–64 letters, digits, underscores or hyphens.");
