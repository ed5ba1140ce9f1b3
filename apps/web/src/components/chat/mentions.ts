import type { ChatMessageView, ViewerRef } from "@onair/api/events";

/**
 * An `@name` as the server reads it (services/chat/send-message.ts): after the start or a character
 * that is neither a word character nor `@`, 3–24 letters, digits or underscores.
 */
const MENTION = /(^|[^\w@])@([a-z0-9_]{3,24})\b/gi;
/** The `@name` being typed just before the caret (it may still be empty or short). */
const TYPING_MENTION = /(?:^|[^\w@])@(\w{0,24})$/;

/** The mention the caret is in: where its `@` is and what follows it so far. */
export interface ActiveMention {
  /** Index of the `@`. */
  start: number;
  /** What is typed after the `@` up to the caret. */
  query: string;
}

/** The `@name` the person is typing at `caret`, or null when the caret is not right after one. */
export function activeMention(text: string, caret: number): ActiveMention | null {
  const match = TYPING_MENTION.exec(text.slice(0, caret));
  if (!match) return null;
  const query = match[1]!;
  // The rest of the word after the caret belongs to the same mention: only offer names while it is being typed at its end.
  if (/^\w/.test(text.slice(caret))) return null;
  return { start: caret - query.length - 1, query };
}

/** The text with the typed `@query` replaced by `@username ` and where the caret goes after it. */
export function insertMention(text: string, mention: ActiveMention, username: string): { text: string; caret: number } {
  const before = text.slice(0, mention.start);
  const after = text.slice(mention.start + 1 + mention.query.length).replace(/^ /, "");
  const inserted = `@${username} `;
  return { text: before + inserted + after, caret: before.length + inserted.length };
}

/** The option that ↑/↓ (delta −1/+1) moves to in a list of `count`, wrapping round; -1 when the list is empty. */
export function movedOption(active: number, count: number, delta: number): number {
  if (count === 0) return -1;
  if (active < 0) return delta > 0 ? 0 : count - 1;
  return (((active + delta) % count) + count) % count;
}

export type BodySegment = { kind: "text"; text: string } | { kind: "mention"; text: string; username: string; self: boolean };

/**
 * A message's text cut into plain text and the `@name`s that named someone (`mentions`, from the
 * server), so those can be shown as mentions; `self` marks the viewer's own name.
 */
export function bodySegments(body: string, mentions: string[], viewerUsername: string | null): BodySegment[] {
  const segments: BodySegment[] = [];
  const named = new Set(mentions);
  const self = viewerUsername?.toLowerCase() ?? null;
  let plainFrom = 0;
  for (const match of body.matchAll(MENTION)) {
    const username = match[2]!.toLowerCase();
    if (!named.has(username)) continue;
    const at = match.index + match[1]!.length;
    if (at > plainFrom) segments.push({ kind: "text", text: body.slice(plainFrom, at) });
    const end = at + 1 + match[2]!.length;
    segments.push({ kind: "mention", text: body.slice(at, end), username, self: username === self });
    plainFrom = end;
  }
  if (plainFrom < body.length) segments.push({ kind: "text", text: body.slice(plainFrom) });
  return segments;
}

/** Whether a message names the viewer (their own messages never count). */
export function mentionsViewer(message: ChatMessageView, viewer: { id: string; username: string } | null): boolean {
  return viewer !== null && message.author.id !== viewer.id && message.mentions.includes(viewer.username.toLowerCase());
}

/**
 * Whether a person matches what is typed after `@` as the server matches it (chat.mentionCandidates):
 * the start of the username or of any word of the name, ignoring case. Keeps a previous answer
 * shown while the next one loads from offering people the new text does not match.
 */
export function matchesMentionQuery(person: ViewerRef, query: string): boolean {
  const prefix = query.toLowerCase();
  if (person.username.toLowerCase().startsWith(prefix)) return true;
  const name = person.name?.toLowerCase() ?? "";
  return name.startsWith(prefix) || name.includes(` ${prefix}`);
}
