"use client";

import type { ChatEvent, ChatMessageView } from "@onair/api/events";
import { useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useEffect, useMemo, useRef, useState } from "react";
import { useStreamEvents } from "~/components/stream/stream-events";
import { useTRPC } from "~/lib/trpc";
import { applyChatFeedAction, chatRows, JUMP_PAGE_SIZE, jumpStep } from "./chat-feed";
import { ChatComposer } from "./chat-composer";
import { ChatMessageList } from "./chat-message-list";
import { ChatModeBanner } from "./chat-mode-banner";
import { ConnectionStatus } from "./connection-status";
import { useChatFeed } from "./use-chat-feed";
import { useSendWait } from "./use-send-wait";
import { useStickToBottom } from "./use-stick-to-bottom";
import "./chat-mentions.css";

/** Longest message id a `?m=` link may carry (ids are at most 64 characters). */
const LINKED_ID_MAX = 64;

interface ChatPanelProps {
  streamId: string;
  streamEnded: boolean;
  initialMessages: ChatMessageView[];
  initialCursor: number | null;
  viewer: { id: string; username: string } | null;
  signInHref: string;
}

/** The stream page's chat: the live message list, the chat's modes and the composer. */
export function ChatPanel(props: ChatPanelProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { streamId, viewer } = props;
  const { chatSettings } = useStreamEvents();
  const sendWait = useSendWait(chatSettings);
  const { feed, connection, update } = useChatFeed({
    streamId,
    initialMessages: props.initialMessages,
    withOwnHeld: viewer !== null,
    onEvent: (event: ChatEvent) => {
      if (event.type === "chat.restrictionChanged") sendWait.onRestrictionChanged(event.restriction);
    },
  });
  const [olderCursor, setOlderCursor] = useState(props.initialCursor);
  const { listRef, onScroll, setStickToBottom } = useStickToBottom(feed);
  const chatOpen = !props.streamEnded && chatSettings.chatEnabled;
  // The panel re-renders with the send countdown's ticks; the rows change only with the feed.
  const rows = useMemo(() => chatRows(feed), [feed]);
  const [replyToId, setReplyToId] = useState<string | null>(null);
  // Derived from the feed, so replying to a message that gets deleted stops by itself.
  const replyingTo = replyToId ? (feed.messages.find((message) => message.id === replyToId) ?? null) : null;
  /** The message a jump landed on; `at` makes a second jump to the same message scroll again. */
  const [highlight, setHighlight] = useState<{ id: string; at: number } | null>(null);
  const [jumpNote, setJumpNote] = useState<string | null>(null);
  // A jump reads the feed and cursor as they are after each page it loads.
  const latest = useRef({ feed, olderCursor });
  latest.current = { feed, olderCursor };

  async function olderPage(cursor: number, limit: number) {
    const page = await queryClient.fetchQuery(trpc.chat.history.queryOptions({ streamId, cursor, limit }));
    setStickToBottom(false);
    update({ type: "feed.older", messages: page.messages });
    setOlderCursor(page.nextCursor);
    return page;
  }

  async function loadOlder(cursor: number) {
    try {
      await olderPage(cursor, 50);
    } catch (error) {
      console.error("[chat] loading earlier messages failed:", error);
    }
  }

  /** Scrolls to a message and highlights it, loading older pages (a bounded number) when it is further back. */
  async function jumpTo(target: { id: string; seq: number | null }) {
    setJumpNote(null);
    let { feed: current, olderCursor: cursor } = latest.current;
    for (let pages = 0; ; pages++) {
      const step = jumpStep(current, target, cursor, pages);
      if (step === "found") {
        setStickToBottom(false);
        setHighlight({ id: target.id, at: Date.now() });
        return;
      }
      if (step !== "loadOlder") {
        setJumpNote(step === "gone" ? "That message is no longer in the chat." : "That message is too far back in the chat to show here.");
        return;
      }
      try {
        const page = await olderPage(cursor!, JUMP_PAGE_SIZE);
        current = applyChatFeedAction(current, { type: "feed.older", messages: page.messages });
        cursor = page.nextCursor;
      } catch (error) {
        console.error("[chat] loading earlier messages failed:", error);
        setJumpNote("Earlier messages could not be loaded. Try again.");
        return;
      }
    }
  }

  useEffect(() => {
    if (!highlight) return;
    const element = listRef.current?.querySelector<HTMLElement>(`[data-message-id="${CSS.escape(highlight.id)}"]`);
    element?.scrollIntoView({ block: "center" });
    element?.focus({ preventScroll: true });
  }, [highlight, listRef]);

  // `/s/<slug>?m=<messageId>` (notification links) opens the chat at that message.
  const linkedId = useSearchParams().get("m");
  useEffect(() => {
    if (linkedId && linkedId.length <= LINKED_ID_MAX) void jumpTo({ id: linkedId, seq: null });
    // Once per link: a jump reads the feed as it is when it runs.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [linkedId]);

  return (
    <aside className="chat-panel" aria-label="Live chat">
      <div className="chat-header">
        <h2>Chat</h2>
        {!props.streamEnded ? <ConnectionStatus state={connection} testId="chat-connection" /> : null}
      </div>
      <ChatMessageList
        rows={rows}
        viewer={viewer}
        listRef={listRef}
        onScroll={onScroll}
        onLoadOlder={olderCursor != null ? () => void loadOlder(olderCursor) : null}
        onReply={viewer && chatOpen ? (message) => setReplyToId(message.id) : null}
        onJump={(target) => void jumpTo(target)}
        highlightedId={highlight?.id ?? null}
      />
      {jumpNote ? (
        <p className="chat-jump-note" role="status" data-testid="chat-jump-note">
          {jumpNote}
          <button type="button" className="link-button" onClick={() => setJumpNote(null)}>
            Dismiss
          </button>
        </p>
      ) : null}
      <div className="chat-compose" data-testid="chat-compose">
        {props.streamEnded ? (
          <p className="muted chat-closed">This stream has ended; chat is closed.</p>
        ) : (
          <>
            <ChatModeBanner />
            {!chatOpen ? null : viewer ? (
              <ChatComposer
                streamId={streamId}
                refusal={sendWait.refusal}
                onRefused={sendWait.setRefusal}
                waitingMs={sendWait.waitingMs}
                replyingTo={replyingTo}
                onCancelReply={() => setReplyToId(null)}
                onSent={(message) => {
                  setStickToBottom(true);
                  update({ type: "feed.sent", message });
                }}
                onHeld={(message) => {
                  setStickToBottom(true);
                  update({ type: "feed.held", messages: [message] });
                }}
              />
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
