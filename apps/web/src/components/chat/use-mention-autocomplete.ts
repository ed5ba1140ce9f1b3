"use client";

import type { ViewerRef } from "@onair/api/events";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useState, type KeyboardEvent, type RefObject } from "react";
import { useTRPC } from "~/lib/trpc";
import { activeMention, insertMention, matchesMentionQuery, movedOption, type ActiveMention } from "./mentions";

/** Typing pauses this long before the names are asked for. */
const LOOKUP_DELAY_MS = 150;
export const MENTION_LISTBOX_ID = "chat-mention-list";
export const mentionOptionId = (index: number) => `chat-mention-option-${index}`;

function sameMention(a: ActiveMention | null, b: ActiveMention | null): boolean {
  return a?.start === b?.start && a?.query === b?.query;
}

function useDebounced<T>(value: T, delayMs: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}

interface MentionAutocompleteOptions {
  streamId: string;
  inputRef: RefObject<HTMLInputElement | null>;
  draft: string;
  setDraft: (draft: string) => void;
}

/**
 * `@` autocomplete for the chat input (an ARIA combobox with a listbox): while an `@name` is typed
 * it offers the people `chat.mentionCandidates` finds; ↑/↓ move, Enter or Tab choose, Esc closes
 * (until the text typed changes).
 */
export function useMentionAutocomplete({ streamId, inputRef, draft, setDraft }: MentionAutocompleteOptions) {
  const trpc = useTRPC();
  const [mention, setMention] = useState<ActiveMention | null>(null);
  /** The mention whose list Esc closed: it stays closed until what is typed changes. */
  const [dismissed, setDismissed] = useState<ActiveMention | null>(null);
  const [active, setActive] = useState(0);
  const wanted = mention !== null && !sameMention(mention, dismissed);
  const prefix = useDebounced(wanted ? mention.query : null, LOOKUP_DELAY_MS);
  const candidates = useQuery(
    trpc.chat.mentionCandidates.queryOptions(
      { streamId, prefix: prefix ?? "" },
      { enabled: prefix !== null, staleTime: 15_000, retry: false, placeholderData: keepPreviousData },
    ),
  );
  const options: ViewerRef[] = wanted ? (candidates.data ?? []).filter((person) => matchesMentionQuery(person, mention.query)) : [];
  const open = options.length > 0;
  const activeIndex = Math.min(active, options.length - 1);

  /** Call with the input's text and caret whenever either changes. */
  function track(text: string, caret: number | null) {
    const next = caret === null ? null : activeMention(text, caret);
    if (!sameMention(next, mention)) setActive(0);
    if (!sameMention(next, dismissed)) setDismissed(null);
    setMention(next);
  }

  function choose(person: ViewerRef) {
    if (!mention) return;
    const next = insertMention(draft, mention, person.username);
    setDraft(next.text);
    setMention(null);
    // After React has put the new text in the input.
    requestAnimationFrame(() => {
      inputRef.current?.focus();
      inputRef.current?.setSelectionRange(next.caret, next.caret);
    });
  }

  /** Handles the list's keys; returns whether it did (the input then does nothing else with the key). */
  function onKeyDown(event: KeyboardEvent<HTMLInputElement>): boolean {
    if (!open || event.nativeEvent.isComposing) return false;
    switch (event.key) {
      case "ArrowDown":
      case "ArrowUp":
        setActive(movedOption(activeIndex, options.length, event.key === "ArrowDown" ? 1 : -1));
        break;
      case "Enter":
      case "Tab":
        choose(options[activeIndex]!);
        break;
      case "Escape":
        setDismissed(mention);
        break;
      default:
        return false;
    }
    event.preventDefault();
    return true;
  }

  return {
    open,
    options,
    activeIndex,
    track,
    choose,
    onKeyDown,
    /** The combobox attributes of the input. */
    comboboxProps: {
      role: "combobox",
      "aria-autocomplete": "list",
      "aria-expanded": open,
      "aria-controls": open ? MENTION_LISTBOX_ID : undefined,
      "aria-activedescendant": open ? mentionOptionId(activeIndex) : undefined,
    } as const,
  };
}
