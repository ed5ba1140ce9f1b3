"use client";

import type { ChatMessageView, HeldMessageView } from "@onair/api/events";
import { MESSAGE_MAX_LENGTH } from "@onair/api/schemas";
import { useMutation } from "@tanstack/react-query";
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { formatCountdown } from "~/lib/format";
import { newRequestId, refusalOf, useTRPC } from "~/lib/trpc";
import { MentionListbox } from "./mention-listbox";
import { refusalAfterSend, type ShownRefusal } from "./send-wait";
import { useMentionAutocomplete } from "./use-mention-autocomplete";

interface ChatComposerProps {
  streamId: string;
  refusal: ShownRefusal | null;
  onRefused: (refusal: ShownRefusal | null) => void;
  /** Milliseconds until Send works again (0: now). */
  waitingMs: number;
  onSent: (message: ChatMessageView) => void;
  onHeld: (message: HeldMessageView) => void;
  /** The message the next send answers, shown above the input; null for a plain message. */
  replyingTo: ChatMessageView | null;
  onCancelReply: () => void;
}

/** The message input and Send button, with the server's refusal (and its countdown) below them. */
export function ChatComposer({ streamId, refusal, onRefused, waitingMs, onSent, onHeld, replyingTo, onCancelReply }: ChatComposerProps) {
  const trpc = useTRPC();
  const [draft, setDraft] = useState("");
  const [notice, setNotice] = useState<string | null>(null);
  /** The text being sent and its requestId, kept until it is sent. */
  const unsent = useRef<{ body: string; replyToId: string | null; requestId: string } | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const send = useMutation(trpc.chat.send.mutationOptions());
  const autocomplete = useMentionAutocomplete({ streamId, inputRef, draft, setDraft });
  const replyToId = replyingTo?.id ?? null;

  // Choosing Reply puts the cursor in the input.
  useEffect(() => {
    if (replyToId) inputRef.current?.focus();
  }, [replyToId]);

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (autocomplete.onKeyDown(event)) return;
    if (event.key === "Escape" && replyToId) {
      event.preventDefault();
      onCancelReply();
    }
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const body = draft.trim();
    if (!body || send.isPending || waitingMs > 0) return;
    onRefused(null);
    setNotice(null);
    // Sending the same text again after a failure reuses its requestId: if the first try was
    // stored but its answer lost, the server answers with that message instead of posting it twice.
    if (unsent.current?.body !== body || unsent.current.replyToId !== replyToId) {
      unsent.current = { body, replyToId, requestId: newRequestId() };
    }
    send.mutate(
      { streamId, body, requestId: unsent.current.requestId, replyToId: replyToId ?? undefined },
      {
        onSuccess: (result) => {
          unsent.current = null;
          if (replyToId) onCancelReply();
          if (result.status === "VISIBLE") {
            onSent(result.message);
            if (result.masked) setNotice("Some words in your message were hidden by the chat filter.");
          } else {
            onHeld(result.message);
          }
          // Keep anything typed while the message was on its way.
          setDraft((current) => (current.trim() === body ? "" : current));
        },
        // The draft stays, so the person can edit it or try again.
        onError: (error) => onRefused(refusalAfterSend(refusalOf(error), Date.now())),
        onSettled: () => inputRef.current?.focus(),
      },
    );
  }

  return (
    <form onSubmit={onSubmit} className="chat-form">
      {replyingTo ? (
        <div className="chat-replying" id="chat-replying" data-testid="chat-replying">
          <span className="chat-replying-text">
            Replying to <bdi className="chat-replying-author">@{replyingTo.author.username}</bdi>
            <bdi className="chat-replying-excerpt">{replyingTo.body}</bdi>
          </span>
          <button type="button" className="chat-replying-cancel" onClick={onCancelReply} aria-label="Cancel reply">
            <span aria-hidden="true">×</span>
          </button>
        </div>
      ) : null}
      {autocomplete.open ? (
        <MentionListbox options={autocomplete.options} activeIndex={autocomplete.activeIndex} onChoose={autocomplete.choose} />
      ) : null}
      <label htmlFor="chat-input" className="visually-hidden">
        Message
      </label>
      <input
        id="chat-input"
        ref={inputRef}
        data-testid="chat-input"
        value={draft}
        {...autocomplete.comboboxProps}
        onChange={(event) => {
          setDraft(event.target.value);
          autocomplete.track(event.target.value, event.target.selectionStart);
        }}
        onSelect={(event) => autocomplete.track(event.currentTarget.value, event.currentTarget.selectionStart)}
        onBlur={() => autocomplete.track(draft, null)}
        onKeyDown={onKeyDown}
        maxLength={MESSAGE_MAX_LENGTH}
        placeholder="Send a message"
        autoComplete="off"
        aria-invalid={refusal !== null}
        aria-describedby={[refusal ? "chat-refusal" : "", replyingTo ? "chat-replying" : ""].join(" ").trim() || undefined}
      />
      <button type="submit" className="button" disabled={send.isPending || draft.trim() === "" || waitingMs > 0}>
        Send
        {waitingMs > 0 ? (
          <span className="send-wait" data-testid="send-wait">
            {formatCountdown(waitingMs)}
          </span>
        ) : null}
      </button>
      {refusal ? (
        <p className="form-error chat-refusal" id="chat-refusal" role="alert" data-testid="chat-refusal" data-reason={refusal.reason ?? ""}>
          {refusal.message}
        </p>
      ) : notice ? (
        <p className="chat-notice" role="status">
          {notice}
        </p>
      ) : null}
    </form>
  );
}
