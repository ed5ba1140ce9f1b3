"use client";

import type { ChatSettings, ShelfProductView } from "@onair/api/events";
import type { StreamStatus } from "@onair/db";
import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import { useTRPCClient } from "~/lib/trpc";
import { applyStreamEvent, type LiveStreamState } from "./live-stream-state";
import { applyShelfEvent, type ShelfState } from "../shop/shelf-state";

interface StreamEventsValue extends LiveStreamState {
  /** The stream's shop shelf and the server clock's offset (components/shop). */
  shelf: ShelfState;
  /** The like count a like/unlike mutation returned (the event for it may arrive later). */
  setLikeCount: (likeCount: number) => void;
  /** The settings a moderator's change returned (the event for it may arrive later). */
  setChatSettings: (settings: ChatSettings) => void;
}

const StreamEventsContext = createContext<StreamEventsValue | null>(null);

interface StreamEventsProviderProps {
  streamId: string;
  /** Count this page as a viewer of the stream (the stream page); the moderator dashboard does not. */
  watching?: boolean;
  status: StreamStatus;
  title: string;
  viewerCount: number;
  likeCount: number;
  chatSettings: ChatSettings;
  /** INGEST streams: whether the encoder was publishing when the page was rendered; null for other sources. */
  sourceConnected?: boolean | null;
  /** The shelf when the page was rendered (the subscription's snapshot replaces it). */
  initialShelf?: ShelfProductView[];
  children: ReactNode;
}

/**
 * A page's one `stream.onEvents` subscription, shared by everything on it that shows the
 * stream's live state: status, title, viewers, likes and chat settings. It starts with a
 * snapshot on every (re)connection, so nothing is missed while the connection was down.
 */
export function StreamEventsProvider({
  streamId,
  watching = false,
  children,
  sourceConnected = null,
  initialShelf = [],
  ...initial
}: StreamEventsProviderProps) {
  const api = useTRPCClient();
  const [state, setState] = useState<LiveStreamState>({ ...initial, sourceConnected });
  const [shelf, setShelf] = useState<ShelfState>({ shelf: initialShelf, clockOffsetMs: 0, live: false });

  useEffect(() => {
    // Only the viewer's page watches (counts as a viewer); the moderator dashboard follows the state without counting.
    const subscription = api.stream.onEvents.subscribe(
      { streamId, watching },
      {
        onData: (event) => {
          const receivedAt = Date.now();
          setState((current) => applyStreamEvent(current, event));
          setShelf((current) => applyShelfEvent(current, event, receivedAt));
        },
        onError: (error) => console.error("[stream] event subscription failed:", error),
      },
    );
    return () => subscription.unsubscribe();
  }, [api, streamId, watching]);

  const value: StreamEventsValue = {
    ...state,
    shelf,
    setLikeCount: (likeCount) => setState((current) => ({ ...current, likeCount })),
    setChatSettings: (chatSettings) => setState((current) => ({ ...current, chatSettings })),
  };
  return <StreamEventsContext.Provider value={value}>{children}</StreamEventsContext.Provider>;
}

export function useStreamEvents(): StreamEventsValue {
  const value = useContext(StreamEventsContext);
  if (!value) throw new Error("useStreamEvents must be used inside <StreamEventsProvider>.");
  return value;
}
