"use client";

import type { ChatEvent, ChatMessageView } from "@onair/api/events";
import { useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo, useState } from "react";
import { useStreamEvents } from "~/components/stream/stream-events";
import { useTRPC } from "~/lib/trpc";
import { chatRows } from "./chat-feed";
import { ChatComposer } from "./chat-composer";
import { ChatMessageList } from "./chat-message-list";
import { ChatModeBanner } from "./chat-mode-banner";
import { ConnectionStatus } from "./connection-status";
import { useChatFeed } from "./use-chat-feed";
import { useSendWait } from "./use-send-wait";
import { useStickToBottom } from "./use-stick-to-bottom";

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

  async function loadOlder(cursor: number) {
    try {
      const page = await queryClient.fetchQuery(trpc.chat.history.queryOptions({ streamId, cursor, limit: 50 }));
      setStickToBottom(false);
      update({ type: "feed.older", messages: page.messages });
      setOlderCursor(page.nextCursor);
    } catch (error) {
      console.error("[chat] loading earlier messages failed:", error);
    }
  }

  return (
    <aside className="chat-panel" aria-label="Live chat">
      <div className="chat-header">
        <h2>Chat</h2>
        {!props.streamEnded ? <ConnectionStatus state={connection} testId="chat-connection" /> : null}
      </div>
      <ChatMessageList
        rows={rows}
        viewerId={viewer?.id ?? null}
        listRef={listRef}
        onScroll={onScroll}
        onLoadOlder={olderCursor != null ? () => void loadOlder(olderCursor) : null}
      />
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
