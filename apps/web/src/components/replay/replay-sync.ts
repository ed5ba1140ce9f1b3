import type { ChatMessageView } from "@onair/api/events";

/** How much chat before the replay's moment is loaded and shown (the window). */
export const REPLAY_WINDOW_MS = 5 * 60_000;
/** Reload from a new anchor when less than this much history before the moment is loaded (a seek back). */
export const REPLAY_MIN_HISTORY_MS = 60_000;
/** Fetch the next page when the loaded chat ends less than this far ahead of the moment. */
export const REPLAY_AHEAD_MS = 60_000;
/** Messages shown at most (the newest before the moment). */
export const REPLAY_SHOWN_MAX = 150;
/** Past this many loaded messages a long replay starts again from its moment rather than keep them all. */
export const REPLAY_LOADED_MAX = 5000;

export interface LoadedReplay {
  /** The `after` the loaded pages start from. */
  anchor: Date;
  /** Loaded messages, oldest first. */
  messages: ChatMessageView[];
  /** The chat is loaded up to this moment; null: to its end. */
  loadedUntil: Date | null;
}

/** Where to load the chat from for a moment of the replay: one window before it. */
export function replayAnchor(wallClock: Date): Date {
  return new Date(wallClock.getTime() - REPLAY_WINDOW_MS);
}

export type ReplaySyncAction = "none" | "fetchMore" | "reanchor";

/**
 * What the replayed chat needs for the video's moment: nothing, the next page, or to start again
 * from the moment (after a seek out of what is loaded, back or far forward).
 */
export function replaySyncAction(loaded: LoadedReplay, wallClock: Date): ReplaySyncAction {
  const now = wallClock.getTime();
  if (now - loaded.anchor.getTime() < REPLAY_MIN_HISTORY_MS) return "reanchor";
  if (loaded.loadedUntil === null) return "none";
  const until = loaded.loadedUntil.getTime();
  // Paging forward through a whole window or more is slower than starting again at the moment.
  if (now - REPLAY_WINDOW_MS > until) return "reanchor";
  if (loaded.messages.length > REPLAY_LOADED_MAX && now - loaded.anchor.getTime() > 2 * REPLAY_WINDOW_MS) return "reanchor";
  return now + REPLAY_AHEAD_MS > until ? "fetchMore" : "none";
}

/** The messages the chat showed at the video's moment: sent at or before it, the newest `max`. */
export function replayedMessages(messages: ChatMessageView[], wallClock: Date, max = REPLAY_SHOWN_MAX): ChatMessageView[] {
  const now = wallClock.getTime();
  // Oldest first, so the shown ones are a prefix: find its end by binary search.
  let low = 0;
  let high = messages.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (messages[middle]!.createdAt.getTime() <= now) low = middle + 1;
    else high = middle;
  }
  return messages.slice(Math.max(0, low - max), low);
}

/** Pages joined in order, each message once (pages never overlap, but a refetched page may repeat). */
export function joinReplayPages(pages: { messages: ChatMessageView[] }[]): ChatMessageView[] {
  const seen = new Set<string>();
  const messages: ChatMessageView[] = [];
  for (const page of pages) {
    for (const message of page.messages) {
      if (seen.has(message.id)) continue;
      seen.add(message.id);
      messages.push(message);
    }
  }
  return messages;
}
