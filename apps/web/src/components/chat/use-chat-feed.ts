"use client";

import type { ChatEvent, ChatMessageView } from "@onair/api/events";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useReducer, useRef, useState } from "react";
import { useTRPC, useTRPCClient } from "~/lib/trpc";
import { applyChatFeedAction, type ChatFeed } from "./chat-feed";

export type ConnectionState = "connecting" | "live" | "reconnecting";

interface ChatFeedOptions {
  streamId: string;
  /** The newest messages, as the server rendered them; the subscription resumes after the last one. */
  initialMessages: ChatMessageView[];
  /** Also show the signed-in viewer's own messages that wait for review (`chat.myHeld`). */
  withOwnHeld: boolean;
  /** Called with every event, after the feed has applied it (for what else on the page depends on chat). */
  onEvent?: (event: ChatEvent) => void;
}

/**
 * A stream's live chat: one resumable `chat.onMessage` subscription merged into the messages the page
 * was rendered with. Used by the viewer's chat panel and the moderator's live chat.
 */
export function useChatFeed({ streamId, initialMessages, withOwnHeld, onEvent }: ChatFeedOptions) {
  const api = useTRPCClient();
  const trpc = useTRPC();
  const [feed, dispatch] = useReducer(applyChatFeedAction, { messages: initialMessages, pending: [] } satisfies ChatFeed);
  const [connection, setConnection] = useState<ConnectionState>("connecting");
  // Read inside the subscription without resubscribing.
  const onEventRef = useRef(onEvent);
  onEventRef.current = onEvent;
  // The subscription resumes after the newest message the page was rendered with; on reconnects
  // wsLink resumes after the last event it received.
  const resumeFrom = useRef(String(initialMessages.at(-1)?.seq ?? 0));

  useEffect(() => {
    const subscription = api.chat.onMessage.subscribe(
      { streamId, lastEventId: resumeFrom.current },
      {
        onStarted: () => setConnection("live"),
        onData: ({ data: event }) => {
          dispatch(event);
          onEventRef.current?.(event);
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
  const ownHeld = useQuery(trpc.chat.myHeld.queryOptions({ streamId }, { enabled: withOwnHeld }));
  useEffect(() => {
    if (ownHeld.data) dispatch({ type: "feed.held", messages: ownHeld.data });
  }, [ownHeld.data]);
  useEffect(() => {
    if (ownHeld.error) console.error("[chat] loading your held messages failed:", ownHeld.error);
  }, [ownHeld.error]);

  return { feed, connection, update: dispatch };
}
