import type { Role } from "@onair/db";

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

/** Every real-time event of the product, one discriminated union for server, web and SDK. */
export type StreamEvent = { type: "chat.message"; streamId: string; message: ChatMessageView };

export type StreamEventType = StreamEvent["type"];
