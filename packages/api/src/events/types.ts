import type { Role, StreamStatus } from "@onair/db";

export interface ChatAuthor {
  id: string;
  username: string;
  name: string | null;
  role: Role;
}

export interface ChatMessageView {
  id: string;
  streamId: string;
  /** Per-stream sequence number: the tracked event id of chat subscriptions. */
  seq: number;
  body: string;
  replyToId: string | null;
  createdAt: Date;
  author: ChatAuthor;
}

export interface ViewerRef {
  id: string;
  username: string;
  name: string | null;
}

export interface PinnedProductView {
  productId: string;
  name: string;
  priceCents: number;
  currency: string;
  imageUrl: string | null;
  position: number;
}

export interface StreamStats {
  viewerCount: number;
  peakViewers: number;
  likeCount: number;
}

/** Fields of a stream that change while people watch. */
export interface StreamState extends StreamStats {
  status: StreamStatus;
  title: string;
  startedAt: Date | null;
  endedAt: Date | null;
  chatEnabled: boolean;
  slowModeSeconds: number;
}

/**
 * Every real-time event of the product: one discriminated union shared by server, web and SDK.
 * Chat events travel on the resumable `chat.onMessage` subscription (tracked by sequence number);
 * the rest are ephemeral and travel on `stream.onEvents`, which starts with a fresh snapshot.
 */
export type StreamEvent =
  // chat (resumable)
  | { type: "chat.history"; streamId: string; messages: ChatMessageView[] }
  | { type: "chat.message"; streamId: string; message: ChatMessageView }
  | { type: "chat.messageDeleted"; streamId: string; messageIds: string[] }
  // stream state (ephemeral)
  | { type: "stream.snapshot"; streamId: string; state: StreamState; pinnedProducts: PinnedProductView[] }
  | { type: "stream.started"; streamId: string; startedAt: Date }
  | { type: "stream.ended"; streamId: string; endedAt: Date }
  | { type: "stream.updated"; streamId: string; changes: Partial<Pick<StreamState, "title" | "chatEnabled" | "slowModeSeconds">> }
  | { type: "stream.stats"; streamId: string; stats: StreamStats }
  | { type: "viewers.joined"; streamId: string; viewers: ViewerRef[]; anonymous: number }
  | { type: "viewers.left"; streamId: string; viewers: ViewerRef[]; anonymous: number }
  | { type: "likes.updated"; streamId: string; likeCount: number }
  | { type: "products.pinned"; streamId: string; products: PinnedProductView[] };

export type StreamEventType = StreamEvent["type"];
export type ChatEvent = Extract<StreamEvent, { type: `chat.${string}` }>;
export type StreamStateEvent = Exclude<StreamEvent, ChatEvent>;
