/**
 * Text that renders as something. Chat bodies (and display names) made only
 * of characters that draw nothing — zero-width and other format characters,
 * Hangul fillers, the braille blank, variation selectors, combining marks with
 * no base — are refused; long stacks of combining marks ("Zalgo" text that
 * paints over the lines around it) are trimmed.
 */

/** Most combining marks kept on one base character; the rest of a longer stack is dropped. */
export const MAX_COMBINING_MARKS = 4;

/**
 * Characters that draw nothing on their own: controls (Cc), format characters
 * (Cf: zero-width space/joiners, bidi controls, word joiner, BOM, soft hyphen,
 * tag characters), separators and spaces (Z), combining marks and variation
 * selectors (M), and letters and symbols that fonts draw blank: Hangul fillers
 * U+115F, U+1160, U+3164, U+FFA0, the braille blank U+2800, Khmer vowels
 * inherent U+17B4/U+17B5 (also M), Mongolian vowel separator U+180E.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Z}\p{M}\u115F\u1160\u3164\uFFA0\u2800\u180E\u{1D159}\u{1D173}-\u{1D17A}]/gu;

const MARK_STACK = new RegExp(`(\\p{M}{${MAX_COMBINING_MARKS}})\\p{M}+`, "gu");

/** Whether the text has at least one character that renders as something. */
export function hasVisibleText(text: string): boolean {
  return text.replace(INVISIBLE, "").length > 0;
}

/** Trims every run of combining marks to MAX_COMBINING_MARKS. */
export function capCombiningMarks(text: string): string {
  return text.replace(MARK_STACK, "$1");
}
