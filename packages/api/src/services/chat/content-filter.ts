import type { FilterMode, TermAction } from "@onair/db";
import {
  DataSet,
  RegExpMatcher,
  TextCensor,
  collapseDuplicatesTransformer,
  compareMatchByPositionAndId,
  createSimpleTransformer,
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

/** resolveLeetSpeakTransformer's substitutions, applied to terms as they are to messages ("l33t" matches "leet"). */
const LEET: Record<string, string> = {
  "@": "a",
  "4": "a",
  "(": "c",
  "3": "e",
  "6": "g",
  "1": "i",
  "|": "i",
  "!": "i",
  "/": "l",
  "0": "o",
  $: "s",
  "5": "s",
  "7": "t",
  "2": "z",
};

/**
 * A custom term as an obscenity pattern. Its matcher collapses every run of a
 * repeated character in the message to at most two (customTransformers), so a
 * single letter of the term also accepts a doubled one ("spoiler" matches
 * "spoiiiler") and a doubled letter stays required ("butt" does not match "but").
 */
function customTermPattern(term: string) {
  const text = [...term.replace(/^\*|\*$/g, "").toLowerCase()].map((char) => LEET[char] ?? char).join("");
  const escape = (char: string) => (/[\\[\]?|]/.test(char) ? `\\${char}` : char);
  const body = (text.match(/(.)\1*/gsu) ?? [])
    .map((run) => {
      const char = escape([...run][0]!);
      return [...run].length > 1 ? `${char}${char}` : `${char}[${char}]`;
    })
    .join("");
  return parseRawPattern(`${term.startsWith("*") ? "" : "|"}${body}${term.endsWith("*") ? "" : "|"}`);
}

/** Throws when a term cannot be used (the caller reports it as bad input). */
export function validateTerm(term: string): void {
  if (!TERM_PATTERN.test(term)) throw new Error("Use `*` only at the start or end of a term.");
  customTermPattern(term);
}

/**
 * Drops invisible characters and combining marks, which obscenity would keep as
 * part of the word: a zero-width space or soft hyphen ("f\u200Buck") or a
 * strike-through ("f̶u̶c̶k̶") would otherwise hide a word.
 */
const INVISIBLE = /[\p{Cf}\p{Mn}\p{Me}]/u;
const skipInvisible = createSimpleTransformer((char) => (INVISIBLE.test(String.fromCodePoint(char)) ? undefined : char));

/**
 * englishRecommendedBlacklistMatcherTransformers' duplicate collapsing: the
 * dataset's patterns are written for it ("ass", "boobs" and "nigger" keep their
 * double letters; every other run becomes one letter).
 */
const datasetCollapse = () =>
  collapseDuplicatesTransformer({
    defaultThreshold: 1,
    customThresholds: new Map([
      ["b", 2],
      ["e", 2],
      ["o", 2],
      ["l", 2],
      ["s", 2],
      ["g", 2],
    ]),
  });
const whitelistTransformers = [skipInvisible, ...englishRecommendedWhitelistMatcherTransformers];
const datasetTransformers = [skipInvisible, ...englishRecommendedBlacklistMatcherTransformers];
const spacedDatasetTransformers = [
  skipInvisible,
  resolveConfusablesTransformer(),
  resolveLeetSpeakTransformer(),
  toAsciiLowerCaseTransformer(),
  skipNonAlphabeticTransformer(),
  datasetCollapse(),
];

// Custom terms are written as people type them: runs of any character are cut to two (see customTermPattern).
const customTransformers = [
  skipInvisible,
  resolveConfusablesTransformer(),
  resolveLeetSpeakTransformer(),
  toAsciiLowerCaseTransformer(),
  collapseDuplicatesTransformer({ defaultThreshold: 2 }),
];
const spacedCustomTransformers = [
  skipInvisible,
  resolveConfusablesTransformer(),
  resolveLeetSpeakTransformer(),
  toAsciiLowerCaseTransformer(),
  skipNonAlphabeticTransformer(),
  collapseDuplicatesTransformer({ defaultThreshold: 2 }),
];
type Transformers = typeof customTransformers;

/** Ordinary words that contain a word of the profanity dataset and that the dataset does not already exempt. */
const ORDINARY_WORDS = ["penistone", "cockpit", "pussycat", "pussy willow", "mishit", "shiitake"];

/** One asterisk per character of the masked text (overlapping matches are masked once). */
const maskStrategy = (context: { input: string; startIndex: number; endIndex: number }) =>
  "*".repeat([...context.input.slice(context.startIndex, context.endIndex + 1)].length);

const SEPARATOR = `[\\s._\\-*+~,:;'"\`^|/\\\\]`;
const PIECE = `[^\\s._\\-*+~,:;'"\`^|/\\\\]{1,2}`;
/**
 * Letters spread out with separators: two or more pieces of one or two
 * characters ("f u c k", "sh.it", "a s s"), between the start or end of the
 * message and longer words. The pieces are joined and matched as one word, so
 * "well c u n t that" is caught, while "as sis tant" (whose "sis" is longer) is not spaced out.
 */
const SPACED_OUT = new RegExp(`(?<=^|${SEPARATOR})${PIECE}(?:${SEPARATOR}+${PIECE})+(?=${SEPARATOR}|$)`, "gu");
const HAS_SEPARATOR = new RegExp(SEPARATOR);
const WORD_CHAR = /[\p{L}\p{N}]/u;

interface Matcher {
  matcher: RegExpMatcher;
  dataset: DataSet<Metadata>;
  /** Whole-word requirements of each pattern, checked on the message as typed (plain matchers only). */
  boundaries: Map<number, { start: boolean; end: boolean }> | null;
}

/**
 * The built-in profanity filter (obscenity's English dataset, whose transformers
 * catch l33t-speak, confusable characters and stretched letters) plus a stream's
 * own terms, each with its action; ALLOW terms exempt the text they cover.
 */
export class ContentFilter {
  /** Matchers for words as typed. */
  private readonly plain: Matcher[] = [];
  /** Matchers for spaced-out words (run on each spaced-out stretch of the message). */
  private readonly spaced: Matcher[] = [];
  private readonly censor = new TextCensor().setStrategy(maskStrategy);

  constructor(
    private readonly profanity: FilterMode,
    terms: FilterTerm[],
  ) {
    const allowed = terms.filter((term) => term.action === "ALLOW").map((term) => term.term.replace(/^\*|\*$/g, ""));
    if (profanity !== "OFF") {
      this.add(
        new DataSet<Metadata>().addAll(englishDataset),
        [...ORDINARY_WORDS, ...allowed],
        datasetTransformers,
        spacedDatasetTransformers,
      );
    }
    // Custom terms have their own matchers: the dataset's transformers collapse most
    // double letters, which would leave a term like "scammer" unable to match anything.
    const custom = new DataSet<Metadata>();
    for (const { term, action } of terms) {
      if (action === "ALLOW") continue;
      custom.addPhrase((phrase) => phrase.setMetadata({ term, action }).addPattern(customTermPattern(term)));
    }
    this.add(custom, allowed, customTransformers, spacedCustomTransformers);
  }

  private add(dataset: DataSet<Metadata>, extraWhitelist: string[], plain: Transformers, spaced: Transformers) {
    const built = dataset.build();
    if (built.blacklistedTerms.length === 0) return;
    const whitelistedTerms = [...(built.whitelistedTerms ?? []), ...extraWhitelist];
    const matcher = (blacklistedTerms: typeof built.blacklistedTerms, transformers: Transformers) =>
      new RegExpMatcher({
        blacklistedTerms,
        whitelistedTerms,
        blacklistMatcherTransformers: transformers,
        whitelistMatcherTransformers: whitelistTransformers,
      });
    // obscenity checks word boundaries after its transformers, which turn "!" into "i":
    // "scam!" would read as "scami". Plain matchers check them on the message as typed instead.
    const boundaries = new Map(
      built.blacklistedTerms.map(({ id, pattern }) => [
        id,
        { start: pattern.requireWordBoundaryAtStart, end: pattern.requireWordBoundaryAtEnd },
      ]),
    );
    const unbounded = built.blacklistedTerms.map(({ id, pattern }) => ({
      id,
      pattern: { ...pattern, requireWordBoundaryAtStart: false, requireWordBoundaryAtEnd: false },
    }));
    this.plain.push({ dataset, boundaries, matcher: matcher(unbounded, plain) });
    this.spaced.push({ dataset, boundaries: null, matcher: matcher(built.blacklistedTerms, spaced) });
  }

  check(body: string): FilterVerdict {
    const found: Array<MatchPayload & FilterMatch> = [];
    const collect = ({ matcher, dataset, boundaries }: Matcher, text: string, offset: number) => {
      for (const payload of matcher.getAllMatches(text)) {
        const required = boundaries?.get(payload.termId);
        if (required?.start && WORD_CHAR.test(charBefore(text, payload.startIndex))) continue;
        if (required?.end && WORD_CHAR.test(charAfter(text, payload.endIndex))) continue;
        // A match inside one piece of a spaced-out stretch is the plain matchers' business.
        if (!boundaries && !HAS_SEPARATOR.test(text.slice(payload.startIndex, payload.endIndex + 1))) continue;
        const metadata = dataset.getPayloadWithPhraseMetadata(payload).phraseMetadata ?? {};
        const at = { ...payload, startIndex: payload.startIndex + offset, endIndex: payload.endIndex + offset };
        found.push(
          metadata.action
            ? { ...at, term: metadata.term!, action: metadata.action, source: "custom" }
            : { ...at, term: metadata.originalWord ?? "profanity", action: this.profanity as FilterAction, source: "profanity" },
        );
      }
    };
    for (const matcher of this.plain) collect(matcher, body, 0);
    for (const stretch of body.matchAll(SPACED_OUT)) {
      for (const matcher of this.spaced) collect(matcher, stretch[0], stretch.index);
    }
    if (found.length === 0) return { action: null, body, matches: [] };

    const strongest = found.reduce((best, match) => (STRENGTH[match.action] > STRENGTH[best.action] ? match : best)).action;
    const masked = found.filter((match) => match.action === "MASK").sort(compareMatchByPositionAndId);
    const matches = [
      ...new Map(
        found.map((match) => [`${match.source}:${match.term}`, { term: match.term, action: match.action, source: match.source }]),
      ).values(),
    ];
    return { action: strongest, body: masked.length ? this.censor.applyTo(body, masked) : body, matches };
  }
}

function charBefore(text: string, index: number): string {
  if (index === 0) return "";
  const low = text.charCodeAt(index - 1);
  // The character before may be a surrogate pair (an emoji, a letter outside the BMP).
  return low >= 0xdc00 && low <= 0xdfff && index >= 2 ? text.slice(index - 2, index) : text.slice(index - 1, index);
}

/** The character after a match, past more of its last letter (a stretched "scammmm" ends where the m's do). */
function charAfter(text: string, endIndex: number): string {
  const last = text.charAt(endIndex).toLowerCase();
  let index = endIndex + 1;
  while (index < text.length && text.charAt(index).toLowerCase() === last) index++;
  const next = text.codePointAt(index);
  return next === undefined ? "" : String.fromCodePoint(next);
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
