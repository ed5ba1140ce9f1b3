/** Escapes LIKE's wildcards (and its escape character) for Prisma's `contains`, so `100%` or `a_b` match only themselves. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}
