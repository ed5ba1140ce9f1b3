"use client";

import type { ChatSettings } from "@onair/api/events";
import type { StreamStatus } from "@onair/db";
import { useRouter } from "next/navigation";
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from "react";
import { pickChatSettings } from "~/lib/chat-modes";
import { useTRPCClient } from "~/lib/trpc";

interface StreamEventsValue {
  viewerCount: number;
  likeCount: number;
  chatSettings: ChatSettings;
  /** The like count a like/unlike mutation returned (the event for it may arrive later). */
  setLikeCount: (likeCount: number) => void;
}

const StreamEventsContext = createContext<StreamEventsValue | null>(null);

interface StreamEventsProviderProps {
  streamId: string;
  status: StreamStatus;
  viewerCount: number;
  likeCount: number;
  chatSettings: ChatSettings;
  children: ReactNode;
}

/**
 * The page's one `stream.onEvents` subscription (each subscription counts as a
 * viewer), shared by everything on the stream page that shows live state.
 * Status and title changes re-render the page on the server.
 */
export function StreamEventsProvider(props: StreamEventsProviderProps) {
  const api = useTRPCClient();
  const { streamId } = props;
  const router = useRouter();
  const [viewerCount, setViewerCount] = useState(props.viewerCount);
  const [likeCount, setLikeCount] = useState(props.likeCount);
  const [chatSettings, setChatSettings] = useState(props.chatSettings);
  // Read inside the subscription without resubscribing (a resubscription would count as leaving and rejoining).
  const renderedStatus = useRef(props.status);
  renderedStatus.current = props.status;

  useEffect(() => {
    const subscription = api.stream.onEvents.subscribe(
      { streamId },
      {
        onData: (event) => {
          switch (event.type) {
            case "stream.snapshot":
              setViewerCount(event.state.viewerCount);
              setLikeCount(event.state.likeCount);
              setChatSettings((current) => ({ ...current, ...pickChatSettings(event.state) }));
              if (event.state.status !== renderedStatus.current) router.refresh();
              break;
            case "stream.stats":
              setViewerCount(event.stats.viewerCount);
              setLikeCount(event.stats.likeCount);
              break;
            case "likes.updated":
              setLikeCount(event.likeCount);
              break;
            case "stream.updated":
              setChatSettings((current) => ({ ...current, ...pickChatSettings(event.changes) }));
              if (event.changes.title !== undefined) router.refresh();
              break;
            case "stream.started":
            case "stream.ended":
              router.refresh();
              break;
            case "viewers.joined":
            case "viewers.left":
            case "products.pinned":
              // Not shown on the stream page.
              break;
          }
        },
        onError: (error) => console.error("[stream] event subscription failed:", error),
      },
    );
    return () => subscription.unsubscribe();
  }, [api, streamId, router]);

  return (
    <StreamEventsContext.Provider value={{ viewerCount, likeCount, chatSettings, setLikeCount }}>
      {props.children}
    </StreamEventsContext.Provider>
  );
}

export function useStreamEvents(): StreamEventsValue {
  const value = useContext(StreamEventsContext);
  if (!value) throw new Error("useStreamEvents must be used inside <StreamEventsProvider>.");
  return value;
}
