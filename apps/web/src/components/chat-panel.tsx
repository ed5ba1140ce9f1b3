"use client";

import type { ChatMessageView } from "@onair/api/events";
import { MESSAGE_MAX_LENGTH } from "@onair/api/schemas";
import Link from "next/link";
import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import { browserApi, errorMessage } from "~/lib/trpc";
import { formatTime } from "~/lib/format";

interface ChatPanelProps {
  streamId: string;
  chatOpen: boolean;
  closedReason: string;
  initialMessages: ChatMessageView[];
  initialCursor: number | null;
  viewer: { id: string; username: string } | null;
  signInHref: string;
  wsUrl: string | null;
}

type ConnectionState = "connecting" | "live" | "reconnecting";

/** Merges messages by sequence number: each once, in order. */
function mergeMessages(current: ChatMessageView[], incoming: ChatMessageView[]): ChatMessageView[] {
  const bySeq = new Map(current.map((message) => [message.seq, message]));
  for (const message of incoming) bySeq.set(message.seq, message);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

export function ChatPanel(props: ChatPanelProps) {
  const { streamId, viewer, wsUrl } = props;
  const [messages, setMessages] = useState(props.initialMessages);
  const [olderCursor, setOlderCursor] = useState(props.initialCursor);
  const [connection, setConnection] = useState<ConnectionState>("connecting");
  const [draft, setDraft] = useState("");
  const [sending, setSending] = useState(false);
  const [sendError, setSendError] = useState<string | null>(null);
  const listRef = useRef<HTMLOListElement>(null);
  const stickToBottom = useRef(true);
  // The subscription resumes after the newest message we were rendered with.
  const resumeFrom = useRef(String(props.initialMessages.at(-1)?.seq ?? 0));

  useEffect(() => {
    const subscription = browserApi(wsUrl).chat.onMessage.subscribe(
      { streamId, lastEventId: resumeFrom.current },
      {
        onStarted: () => setConnection("live"),
        onData: ({ data: event }) => {
          if (event.type === "chat.message") setMessages((current) => mergeMessages(current, [event.message]));
          else if (event.type === "chat.history") setMessages((current) => mergeMessages(current, event.messages));
          else if (event.type === "chat.messageDeleted") {
            const deleted = new Set(event.messageIds);
            setMessages((current) => current.filter((message) => !deleted.has(message.id)));
          }
        },
        onConnectionStateChange: (state) => {
          if (state.state === "connecting") setConnection((previous) => (previous === "live" ? "reconnecting" : previous));
          if (state.state === "pending") setConnection("live");
        },
        onError: (error) => console.error("[chat] subscription failed:", error),
      },
    );
    return () => subscription.unsubscribe();
  }, [streamId, wsUrl]);

  useEffect(() => {
    const list = listRef.current;
    if (list && stickToBottom.current) list.scrollTop = list.scrollHeight;
  }, [messages]);

  const onScroll = useCallback(() => {
    const list = listRef.current;
    if (list) stickToBottom.current = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  }, []);

  async function loadOlder() {
    if (olderCursor == null) return;
    const page = await browserApi(wsUrl).chat.history.query({ streamId, cursor: olderCursor, limit: 50 });
    stickToBottom.current = false;
    setMessages((current) => mergeMessages(current, page.messages));
    setOlderCursor(page.nextCursor);
  }

  async function send(event: FormEvent) {
    event.preventDefault();
    const body = draft.trim();
    if (!body || sending) return;
    setSending(true);
    setSendError(null);
    try {
      const result = await browserApi(wsUrl).chat.send.mutate({ streamId, body });
      stickToBottom.current = true;
      if (result.status === "VISIBLE") setMessages((current) => mergeMessages(current, [result.message]));
      setDraft("");
    } catch (error) {
      setSendError(errorMessage(error));
    } finally {
      setSending(false);
    }
  }

  return (
    <aside className="chat-panel" aria-label="Live chat">
      <div className="chat-header">
        <h2>Chat</h2>
        {props.chatOpen ? (
          <span className={`connection connection-${connection}`} data-testid="chat-connection">
            {connection === "live" ? "Connected" : connection === "connecting" ? "Connecting…" : "Reconnecting…"}
          </span>
        ) : null}
      </div>
      <ol className="chat-messages" ref={listRef} onScroll={onScroll} data-testid="chat-messages" aria-live="polite">
        {olderCursor != null ? (
          <li className="chat-older">
            <button type="button" className="link-button" onClick={() => void loadOlder()}>
              Load earlier messages
            </button>
          </li>
        ) : null}
        {messages.length === 0 ? <li className="chat-empty muted">No messages yet. Say hello!</li> : null}
        {messages.map((message) => (
          <li key={message.seq} className="chat-message" data-testid="chat-message" data-seq={message.seq}>
            <time className="chat-time" dateTime={message.createdAt.toISOString()} suppressHydrationWarning>
              {formatTime(message.createdAt)}
            </time>
            <span className={`chat-author${message.author.id === viewer?.id ? " chat-author-self" : ""}`}>
              {message.author.name ?? message.author.username}
            </span>
            <span className="chat-body">{message.body}</span>
          </li>
        ))}
      </ol>
      <div className="chat-compose">
        {!props.chatOpen ? (
          <p className="muted chat-closed">{props.closedReason}</p>
        ) : viewer ? (
          <form onSubmit={(event) => void send(event)} className="chat-form">
            <label htmlFor="chat-input" className="visually-hidden">
              Message
            </label>
            <input
              id="chat-input"
              data-testid="chat-input"
              value={draft}
              onChange={(event) => setDraft(event.target.value)}
              maxLength={MESSAGE_MAX_LENGTH}
              placeholder="Send a message"
              autoComplete="off"
            />
            <button type="submit" className="button" disabled={sending || draft.trim() === ""}>
              Send
            </button>
            {sendError ? (
              <p className="form-error" role="alert">
                {sendError}
              </p>
            ) : null}
          </form>
        ) : (
          <p className="chat-signin">
            <Link href={props.signInHref}>Sign in</Link> to chat.
          </p>
        )}
      </div>
    </aside>
  );
}
