import type { ChatSettings, StreamStateEvent } from "@onair/api/events";
import type { StreamStatus } from "@onair/db";
import { pickChatSettings } from "../../lib/chat-modes";

/** What `stream.onEvents` keeps current on a page. */
export interface LiveStreamState {
  status: StreamStatus;
  title: string;
  viewerCount: number;
  likeCount: number;
  chatSettings: ChatSettings;
  /** INGEST streams: whether the encoder is publishing; null for other sources. */
  sourceConnected: boolean | null;
}

/** The live state after one stream event (a snapshot replaces everything it carries). */
export function applyStreamEvent(state: LiveStreamState, event: StreamStateEvent): LiveStreamState {
  switch (event.type) {
    case "stream.snapshot":
      return {
        status: event.state.status,
        title: event.state.title,
        viewerCount: event.state.viewerCount,
        likeCount: event.state.likeCount,
        chatSettings: { ...state.chatSettings, ...pickChatSettings(event.state) },
        sourceConnected: event.state.sourceConnected,
      };
    case "stream.source":
      return { ...state, sourceConnected: event.connected };
    case "stream.stats":
      return { ...state, viewerCount: event.stats.viewerCount, likeCount: event.stats.likeCount };
    case "likes.updated":
      return { ...state, likeCount: event.likeCount };
    case "stream.updated":
      return {
        ...state,
        title: event.changes.title ?? state.title,
        chatSettings: { ...state.chatSettings, ...pickChatSettings(event.changes) },
      };
    case "stream.started":
      return { ...state, status: "LIVE" };
    case "stream.ended":
      return { ...state, status: "ENDED" };
    case "viewers.joined":
    case "viewers.left":
    case "products.pinned":
    case "products.shelf":
    case "products.updated":
    case "products.stock":
      // The shelf's own state (components/shop) follows these.
      return state;
  }
}
