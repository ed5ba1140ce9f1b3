"use client";

import type { ChatMessageView, HeldMessageView } from "@onair/api/events";
import { MESSAGE_MAX_LENGTH } from "@onair/api/schemas";
import Link from "next/link";
import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import { AuthorBadge } from "~/components/chat/author-badge";
import { ChatModeBanner } from "~/components/chat/chat-mode-banner";
import { useStreamEvents } from "~/components/stream/stream-events";
import { formatCountdown, formatTime } from "~/lib/format";
import { useTRPCClient, newRequestId, refusalOf, type Refusal } from "~/lib/trpc";

interface ChatPanelProps {
  streamId: string;
  streamEnded: boolean;
  initialMessages: ChatMessageView[];
  initialCursor: number | null;
  viewer: { id: string; username: string } | null;
  signInHref: string;
}

type ConnectionState = "connecting" | "live" | "reconnecting";

/** One of the viewer's own messages that waits for a moderator; only its author sees it. */
interface PendingMessage extends HeldMessageView {
  denied: boolean;
}

type ChatRow = { kind: "visible"; message: ChatMessageView } | { kind: "pending"; message: PendingMessage };

/** Refusals after which sending again works by itself once the wait is over. */
const WAIT_REASONS = new Set(["SLOW_MODE", "RATE_LIMITED", "TIMED_OUT"]);

interface ShownRefusal extends Refusal {
  /** Epoch ms from which Send is enabled again; null when waiting does not help. */
  sendableAt: number | null;
}

/** What to tell someone a moderator just timed out or banned (null: the restriction was lifted). */
function restrictionRefusal(restriction: { kind: "BAN" | "TIMEOUT"; expiresAt: Date | null } | null): ShownRefusal | null {
  if (!restriction) return null;
  if (restriction.kind === "BAN" || !restriction.expiresAt) {
    return { message: "A moderator banned you from this chat.", reason: "BANNED", retryAfterMs: null, sendableAt: null };
  }
  const until = restriction.expiresAt.getTime();
  return {
    message: `A moderator timed you out until ${formatTime(restriction.expiresAt)}.`,
    reason: "TIMED_OUT",
    retryAfterMs: until - Date.now(),
    sendableAt: until,
  };
}

/** Merges messages by sequence number: each once, in order. */
function mergeMessages(current: ChatMessageView[], incoming: ChatMessageView[]): ChatMessageView[] {
  const bySeq = new Map(current.map((message) => [message.seq, message]));
  for (const message of incoming) bySeq.set(message.seq, message);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/** Places pending messages among visible ones by the time they were sent. */
function chatRows(messages: ChatMessageView[], pending: PendingMessage[]): ChatRow[] {
  const rows: ChatRow[] = [];
  const waiting = [...pending].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  let next = 0;
  for (const message of messages) {
    while (next < waiting.length && waiting[next]!.createdAt < message.createdAt) rows.push({ kind: "pending", message: waiting[next++]! });
    rows.push({ kind: "visible", message });
  }
  while (next < waiting.length) rows.push({ kind: "pending", message: waiting[next++]! });
  return rows;
}

export function ChatPanel(props: ChatPanelProps) {
  const api = useTRPCClient();
  const { streamId, viewer } = props;
  const { chatSettings } = useStreamEvents();
  const [messages, setMessages] = useState(props.initialMessages);
  const [pending, setPending] = useState<PendingMessage[]>([]);
  const [olderCursor, setOlderCursor] = useState(props.initialCursor);
  const [connection, setConnection] = useState<ConnectionState>("connecting");
  const [draft, setDraft] = useState("");
  /** The text being sent and its requestId, kept until it is sent. */
  const unsent = useRef<{ body: string; requestId: string } | null>(null);
  const [sending, setSending] = useState(false);
  const [refusal, setRefusal] = useState<ShownRefusal | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const listRef = useRef<HTMLOListElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const stickToBottom = useRef(true);
  // The subscription resumes after the newest message we were rendered with.
  const resumeFrom = useRef(String(props.initialMessages.at(-1)?.seq ?? 0));
  const chatOpen = !props.streamEnded && chatSettings.chatEnabled;

  useEffect(() => {
    const subscription = api.chat.onMessage.subscribe(
      { streamId, lastEventId: resumeFrom.current },
      {
        onStarted: () => setConnection("live"),
        onData: ({ data: event }) => {
          switch (event.type) {
            case "chat.message": {
              // An approved held message arrives with the id it had while pending.
              setPending((current) => current.filter((held) => held.id !== event.message.id));
              setMessages((current) => mergeMessages(current, [event.message]));
              break;
            }
            case "chat.history":
              setMessages((current) => mergeMessages(current, event.messages));
              break;
            case "chat.messageDeleted": {
              const deleted = new Set(event.messageIds);
              setMessages((current) => current.filter((message) => !deleted.has(message.id)));
              setPending((current) => current.filter((held) => !deleted.has(held.id)));
              break;
            }
            case "chat.messageDenied":
              setPending((current) => current.map((held) => (held.id === event.messageId ? { ...held, denied: true } : held)));
              break;
            case "chat.restrictionChanged":
              // Sent only to the person a moderator timed out, banned or let back in.
              setRefusal(
                (current) =>
                  restrictionRefusal(event.restriction) ??
                  (current?.reason === "TIMED_OUT" || current?.reason === "BANNED" ? null : current),
              );
              break;
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
  }, [api, streamId]);

  // Messages sent before this page load that still wait for review.
  const viewerId = viewer?.id ?? null;
  useEffect(() => {
    if (!viewerId) return;
    let cancelled = false;
    api.chat.myHeld
      .query({ streamId })
      .then((held) => {
        if (cancelled) return;
        setPending((current) => {
          const known = new Set(current.map((message) => message.id));
          return [...current, ...held.filter((message) => !known.has(message.id)).map((message) => ({ ...message, denied: false }))];
        });
      })
      .catch((error: unknown) => console.error("[chat] loading your held messages failed:", error));
    return () => {
      cancelled = true;
    };
  }, [api, streamId, viewerId]);

  // A pending message approved before myHeld answered is already in the list: show it once.
  const visibleIds = new Set(messages.map((message) => message.id));
  const rows = chatRows(
    messages,
    pending.filter((held) => !visibleIds.has(held.id)),
  );

  useEffect(() => {
    const list = listRef.current;
    if (list && stickToBottom.current) list.scrollTop = list.scrollHeight;
  }, [messages, pending]);

  // The list also shrinks when the mode banner or a refusal appears below it: stay at the newest message.
  useEffect(() => {
    const list = listRef.current;
    if (!list) return;
    const observer = new ResizeObserver(() => {
      if (stickToBottom.current) list.scrollTop = list.scrollHeight;
    });
    observer.observe(list);
    return () => observer.disconnect();
  }, []);

  // Ticks while Send waits for slow mode, a rate limit or a timeout to pass.
  const sendableAt = refusal?.sendableAt ?? null;
  useEffect(() => {
    if (sendableAt === null) return;
    const tick = () => {
      const current = Date.now();
      setNow(current);
      if (current >= sendableAt) setRefusal(null);
    };
    tick();
    const timer = window.setInterval(tick, 250);
    return () => window.clearInterval(timer);
  }, [sendableAt]);

  // A moderator turning slow mode off (or chat back on) lifts the wait it caused at once.
  const slowModeOff = chatSettings.slowModeSeconds === 0;
  useEffect(() => {
    if (slowModeOff) setRefusal((current) => (current?.reason === "SLOW_MODE" ? null : current));
  }, [slowModeOff]);
  useEffect(() => {
    if (chatSettings.chatEnabled) setRefusal((current) => (current?.reason === "CHAT_DISABLED" ? null : current));
  }, [chatSettings.chatEnabled]);

  const onScroll = useCallback(() => {
    const list = listRef.current;
    if (list) stickToBottom.current = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  }, []);

  async function loadOlder() {
    if (olderCursor == null) return;
    const page = await api.chat.history.query({ streamId, cursor: olderCursor, limit: 50 });
    stickToBottom.current = false;
    setMessages((current) => mergeMessages(current, page.messages));
    setOlderCursor(page.nextCursor);
  }

  const waitingMs = sendableAt !== null ? Math.max(0, sendableAt - now) : 0;

  async function send(event: FormEvent) {
    event.preventDefault();
    const body = draft.trim();
    if (!body || sending || waitingMs > 0) return;
    setSending(true);
    setRefusal(null);
    setNotice(null);
    // Sending the same text again after a failure reuses its requestId: if the first try was
    // stored but its answer lost, the server answers with that message instead of posting it twice.
    if (unsent.current?.body !== body) unsent.current = { body, requestId: newRequestId() };
    try {
      const result = await api.chat.send.mutate({ streamId, body, requestId: unsent.current.requestId });
      unsent.current = null;
      stickToBottom.current = true;
      if (result.status === "VISIBLE") {
        setMessages((current) => mergeMessages(current, [result.message]));
        if (result.masked) setNotice("Some words in your message were hidden by the chat filter.");
      } else {
        const held = result.message;
        setPending((current) => (current.some((message) => message.id === held.id) ? current : [...current, { ...held, denied: false }]));
      }
      // Keep anything typed while the message was on its way.
      setDraft((current) => (current.trim() === body ? "" : current));
    } catch (error) {
      // The draft stays, so the person can edit it or try again.
      const refused = refusalOf(error);
      const waits = refused.reason !== null && WAIT_REASONS.has(refused.reason) && refused.retryAfterMs !== null;
      setRefusal({ ...refused, sendableAt: waits ? Date.now() + refused.retryAfterMs! : null });
    } finally {
      setSending(false);
      inputRef.current?.focus();
    }
  }

  return (
    <aside className="chat-panel" aria-label="Live chat">
      <div className="chat-header">
        <h2>Chat</h2>
        {!props.streamEnded ? (
          <span className={`connection connection-${connection}`} data-testid="chat-connection" role="status" aria-live="polite">
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
        {rows.length === 0 ? <li className="chat-empty muted">No messages yet. Say hello!</li> : null}
        {rows.map((row) =>
          row.kind === "visible" ? (
            <li key={row.message.id} className="chat-message" data-testid="chat-message" data-seq={row.message.seq}>
              <MessageLine message={row.message} body={row.message.body} isSelf={row.message.author.id === viewer?.id} />
            </li>
          ) : (
            <li
              key={row.message.id}
              className={`chat-message chat-message-pending${row.message.denied ? " chat-message-denied" : ""}`}
              data-testid="chat-pending"
              data-state={row.message.denied ? "denied" : "pending"}
            >
              <MessageLine message={row.message} body={row.message.originalBody ?? row.message.body} isSelf />
              <span className="chat-pending-note">
                {row.message.denied ? "Not approved by a moderator" : "Pending review · only you can see this"}
              </span>
            </li>
          ),
        )}
      </ol>
      <div className="chat-compose" data-testid="chat-compose">
        {props.streamEnded ? (
          <p className="muted chat-closed">This stream has ended; chat is closed.</p>
        ) : (
          <>
            <ChatModeBanner />
            {!chatOpen ? null : viewer ? (
              <form onSubmit={(event) => void send(event)} className="chat-form">
                <label htmlFor="chat-input" className="visually-hidden">
                  Message
                </label>
                <input
                  id="chat-input"
                  ref={inputRef}
                  data-testid="chat-input"
                  value={draft}
                  onChange={(event) => setDraft(event.target.value)}
                  maxLength={MESSAGE_MAX_LENGTH}
                  placeholder="Send a message"
                  autoComplete="off"
                  aria-invalid={refusal !== null}
                  aria-describedby={refusal ? "chat-refusal" : undefined}
                />
                <button type="submit" className="button" disabled={sending || draft.trim() === "" || waitingMs > 0}>
                  Send
                  {waitingMs > 0 ? (
                    <span className="send-wait" data-testid="send-wait">
                      {formatCountdown(waitingMs)}
                    </span>
                  ) : null}
                </button>
                {refusal ? (
                  <p
                    className="form-error chat-refusal"
                    id="chat-refusal"
                    role="alert"
                    data-testid="chat-refusal"
                    data-reason={refusal.reason ?? ""}
                  >
                    {refusal.message}
                  </p>
                ) : notice ? (
                  <p className="chat-notice" role="status">
                    {notice}
                  </p>
                ) : null}
              </form>
            ) : (
              <p className="chat-signin">
                <Link href={props.signInHref}>Sign in</Link> to chat.
              </p>
            )}
          </>
        )}
      </div>
    </aside>
  );
}

function MessageLine({ message, body, isSelf }: { message: ChatMessageView | HeldMessageView; body: string; isSelf: boolean }) {
  return (
    <>
      <time className="chat-time" dateTime={message.createdAt.toISOString()} suppressHydrationWarning>
        {formatTime(message.createdAt)}
      </time>
      <AuthorBadge badge={message.author.badge} />
      <span className={`chat-author${isSelf ? " chat-author-self" : ""}`}>
        <bdi>{message.author.name ?? message.author.username}</bdi>
      </span>
      <span className="chat-body">
        <bdi>{body}</bdi>
      </span>
    </>
  );
}
