import type { FilterMode, TermAction } from "@onair/db";
import {
  DataSet,
  RegExpMatcher,
  TextCensor,
  asteriskCensorStrategy,
  collapseDuplicatesTransformer,
  compareMatchByPositionAndId,
  englishDataset,
  englishRecommendedBlacklistMatcherTransformers,
  englishRecommendedWhitelistMatcherTransformers,
  parseRawPattern,
  resolveConfusablesTransformer,
  resolveLeetSpeakTransformer,
  skipNonAlphabeticTransformer,
  toAsciiLowerCaseTransformer,
  type MatchPayload,
} from "obscenity";

/** What the filter does with a message; the strongest action among its matches wins. */
export type FilterAction = "MASK" | "HOLD" | "BLOCK" | "ESCALATE";

const STRENGTH: Record<FilterAction, number> = { MASK: 1, HOLD: 2, ESCALATE: 3, BLOCK: 4 };

export interface FilterTerm {
  term: string;
  action: TermAction;
}

// A type alias (not an interface), so matches can be stored as JSON audit details.
export type FilterMatch = {
  /** The custom term, or the profanity dataset's word. */
  term: string;
  action: FilterAction;
  source: "profanity" | "custom";
};

export interface FilterVerdict {
  /** Null: the message is clean. */
  action: FilterAction | null;
  /** The message with every MASK match replaced by asterisks. */
  body: string;
  matches: FilterMatch[];
}

/** englishDataset's phrases carry `originalWord`; custom terms carry the term and its action. */
type Metadata = { originalWord?: string; term?: string; action?: FilterAction };

/** Term syntax: plain text matched as whole words; a leading or trailing `*` also matches inside words. */
export const TERM_PATTERN = /^\*?[^*]+\*?$/;

function customTermPattern(term: string) {
  const body = term.replace(/^\*|\*$/g, "").replace(/[\\[\]?|]/g, (char) => `\\${char}`);
  return parseRawPattern(`${term.startsWith("*") ? "" : "|"}${body}${term.endsWith("*") ? "" : "|"}`);
}

/** Throws when a term cannot be used (the caller reports it as bad input). */
export function validateTerm(term: string): void {
  if (!TERM_PATTERN.test(term)) throw new Error("Use `*` only at the start or end of a term.");
  customTermPattern(term);
}

// Separators dropped when looking for spaced-out words ("f u c k", "s.h.i.t").
const spacedTransformers = [
  resolveConfusablesTransformer(),
  resolveLeetSpeakTransformer(),
  toAsciiLowerCaseTransformer(),
  skipNonAlphabeticTransformer(),
  collapseDuplicatesTransformer({ defaultThreshold: 1 }),
];

/**
 * The built-in profanity filter (obscenity's English dataset, whose transformers
 * catch l33t-speak, confusable characters and stretched letters) plus a stream's
 * own terms, each with its action; ALLOW terms exempt the text they cover.
 */
export class ContentFilter {
  private readonly dataset = new DataSet<Metadata>();
  private readonly matchers: Array<{ matcher: RegExpMatcher; spaced: boolean }> = [];
  private readonly censor = new TextCensor().setStrategy(asteriskCensorStrategy());

  constructor(
    private readonly profanity: FilterMode,
    terms: FilterTerm[],
  ) {
    const allowed = terms.filter((term) => term.action === "ALLOW").map((term) => term.term.replace(/^\*|\*$/g, ""));
    if (profanity !== "OFF") this.dataset.addAll(englishDataset);
    for (const { term, action } of terms) {
      if (action === "ALLOW") continue;
      this.dataset.addPhrase((phrase) => phrase.setMetadata({ term, action }).addPattern(customTermPattern(term)));
    }
    const built = this.dataset.build();
    if (built.blacklistedTerms.length === 0) return;
    const whitelistedTerms = [...(built.whitelistedTerms ?? []), ...allowed];
    for (const spaced of [false, true]) {
      this.matchers.push({
        spaced,
        matcher: new RegExpMatcher({
          blacklistedTerms: built.blacklistedTerms,
          whitelistedTerms,
          blacklistMatcherTransformers: spaced ? spacedTransformers : englishRecommendedBlacklistMatcherTransformers,
          whitelistMatcherTransformers: englishRecommendedWhitelistMatcherTransformers,
        }),
      });
    }
  }

  check(body: string): FilterVerdict {
    const found: Array<MatchPayload & FilterMatch> = [];
    for (const { matcher, spaced } of this.matchers) {
      for (const payload of matcher.getAllMatches(body)) {
        // Without separators a word is left to the plain matcher: skipping every
        // separator would join ordinary words ("as sis tant") into false positives.
        if (spaced && !isSpacedOut(body.slice(payload.startIndex, payload.endIndex + 1))) continue;
        const metadata = this.dataset.getPayloadWithPhraseMetadata(payload).phraseMetadata ?? {};
        found.push(
          metadata.action
            ? { ...payload, term: metadata.term!, action: metadata.action, source: "custom" }
            : { ...payload, term: metadata.originalWord ?? "profanity", action: this.profanity as FilterAction, source: "profanity" },
        );
      }
    }
    if (found.length === 0) return { action: null, body, matches: [] };

    const strongest = found.reduce((best, match) => (STRENGTH[match.action] > STRENGTH[best.action] ? match : best)).action;
    const masked = found.filter((match) => match.action === "MASK").sort(compareMatchByPositionAndId);
    const matches = [...new Map(found.map((match) => [`${match.source}:${match.term}`, { term: match.term, action: match.action, source: match.source }])).values()];
    return { action: strongest, body: masked.length ? this.censor.applyTo(body, masked) : body, matches };
  }
}

/** Letters spread out with separators, each run one or two characters long ("f u c k", "sh.it"). */
function isSpacedOut(span: string): boolean {
  const runs = span.split(/[\s._\-*+~,:;'"`^|/\\]+/).filter(Boolean);
  return runs.length > 1 && runs.every((run) => [...run].length <= 2);
}

const cache = new Map<string, ContentFilter>();
const CACHE_LIMIT = 500;

/** The compiled filter of a stream's settings and term list version (terms are read only when it changes). */
export async function filterFor(
  key: { streamId: string; termsVersion: number; profanity: FilterMode },
  loadTerms: () => Promise<FilterTerm[]>,
): Promise<ContentFilter> {
  const cacheKey = `${key.streamId}:${key.termsVersion}:${key.profanity}`;
  let filter = cache.get(cacheKey);
  if (!filter) {
    filter = new ContentFilter(key.profanity, await loadTerms());
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(cacheKey, filter);
  }
  return filter;
}
