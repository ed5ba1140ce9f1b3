import type {
  ChatBadge,
  FilterMode,
  ModerationAction,
  NotificationKind,
  OrderStatus,
  PaymentProviderId,
  Role,
  StreamStatus,
} from "@onair/db";

export interface ChatAuthor {
  id: string;
  username: string;
  name: string | null;
  role: Role;
  /** The author's standing in this stream when they sent the message: shown as a badge. */
  badge: ChatBadge | null;
}

export interface ChatMessageView {
  id: string;
  streamId: string;
  /** Per-stream sequence number: the tracked event id of chat subscriptions. */
  seq: number;
  body: string;
  replyToId: string | null;
  /** What this message answers, for showing it above the reply; null when it answers nothing or that message was removed. */
  replyTo: ChatReplyPreview | null;
  /** Lower-case usernames of the people it mentions (`@name` that named an account when it was sent). */
  mentions: string[];
  createdAt: Date;
  author: ChatAuthor;
}

/** The message a reply answers, as much as the reply shows of it. */
export interface ChatReplyPreview {
  id: string;
  seq: number | null;
  author: { username: string; name: string | null };
  /** The start of its text (at most REPLY_EXCERPT_LENGTH characters, "…" when cut). */
  excerpt: string;
}

/** A message waiting for a moderator (moderators see it with `originalBody` and why it was held). */
export interface HeldMessageView {
  id: string;
  streamId: string;
  body: string;
  /** What the author typed, when it differs from `body`. */
  originalBody: string | null;
  /** Why the filter held it: the matched terms and the rule. */
  reason: string | null;
  replyToId: string | null;
  createdAt: Date;
  author: ChatAuthor;
}

export interface ViewerRef {
  id: string;
  username: string;
  name: string | null;
}

/** One purchasable option of a product as a buyer sees it. */
export interface ProductVariantView {
  id: string;
  /** "" for a product without options. */
  name: string;
  /** The variant's price (its own, else the product's) in minor units, before any flash sale. */
  priceCents: number;
  /** Units that can still be bought (stock minus open holds); null: unlimited. */
  stockLeft: number | null;
}

/** A timed deal on a shelf product; every client counts down to the same `startsAt`/`endsAt` (server clock, see `serverTime`). */
export interface FlashSaleView {
  id: string;
  productId: string;
  /** The deal price in minor units, for every variant. */
  priceCents: number;
  startsAt: Date;
  endsAt: Date;
  totalQuantity: number;
  /** Deal units not yet taken (open holds count as taken). */
  remaining: number;
  perBuyerLimit: number;
}

/** A product on a stream's shelf, as every viewer sees it. */
export interface ShelfProductView {
  productId: string;
  title: string;
  description: string;
  /** Absolute paths (/media/products/<key>); the first is the card's image. */
  imageUrls: string[];
  /** The product's price in minor units (variants may differ); ISO 4217 currency. */
  priceCents: number;
  currency: string;
  variants: ProductVariantView[];
  /** Sum over variants; null when any variant is unlimited. */
  stockLeft: number | null;
  /** Marked sold out by the seller, or no stock left. */
  soldOut: boolean;
  /** Shelf order (0 first). */
  position: number;
  /** Pinned: shown as a card next to the video (at most three per stream). */
  pinned: boolean;
  /** The running or upcoming flash sale, if any. */
  flashSale: FlashSaleView | null;
}

/** Stock after a purchase, a hold's release, a cancellation or a restock. */
export interface ProductStockView {
  productId: string;
  stockLeft: number | null;
  variants: { id: string; stockLeft: number | null }[];
  soldOut: boolean;
  /** The running flash sale's remaining units (null: no sale). */
  flashSaleRemaining: number | null;
}

/** An order as its seller sees it in the Shop panel (the shipping address only in the order's detail and CSV). */
export interface SellerOrderView {
  id: string;
  number: string;
  status: OrderStatus;
  buyer: ViewerRef;
  productId: string;
  productTitle: string;
  variantName: string;
  quantity: number;
  unitPriceCents: number;
  totalCents: number;
  currency: string;
  paymentProvider: PaymentProviderId;
  /** Bought at a flash sale's price. */
  flashSale: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** A stream's sales so far: orders that are not cancelled or refunded. Revenue per currency. */
export interface ShopTotalsView {
  orders: number;
  units: number;
  revenue: { currency: string; cents: number }[];
}

export interface StreamStats {
  viewerCount: number;
  peakViewers: number;
  likeCount: number;
}

/** A stream's chat rules: who may chat and how often. */
export interface ChatSettings {
  chatEnabled: boolean;
  /** 0: off; else seconds between one person's messages. */
  slowModeSeconds: number;
  emoteOnly: boolean;
  uniqueChat: boolean;
  /** Null: off; else only people following the channel for at least this many minutes. */
  followersOnlyMinutes: number | null;
  /** Null: off; else only accounts at least this many minutes old. */
  registeredOnlyMinutes: number | null;
  profanityFilter: FilterMode;
  shieldMode: boolean;
}

/** Fields of a stream that change while people watch. */
export interface StreamState extends StreamStats, ChatSettings {
  status: StreamStatus;
  title: string;
  startedAt: Date | null;
  endedAt: Date | null;
  /** INGEST streams: whether an encoder is publishing now; null for other sources. */
  sourceConnected: boolean | null;
}

/** One row of the moderation audit log. */
export interface ModerationLogView {
  id: string;
  streamId: string | null;
  /** The stream's slug and title (null for global entries and deleted streams). */
  stream: { slug: string; title: string } | null;
  action: ModerationAction;
  /** Null for automatic decisions of the filter. */
  actor: ViewerRef | null;
  targetUser: ViewerRef | null;
  targetMessageId: string | null;
  reason: string | null;
  details: Record<string, unknown>;
  createdAt: Date;
}

/** What a notification is about, per kind (the centre renders `text`; clients may use these to do more). */
export type NotificationData =
  | { kind: "MENTION" | "REPLY"; messageId: string; excerpt: string }
  | { kind: "STREAM_LIVE" | "STREAM_SCHEDULED" | "STREAM_REMINDER"; scheduledStartAt: Date | null }
  | { kind: "ORDER_STATUS"; orderId: string; number: string; status: OrderStatus }
  | { kind: "MODERATION"; action: ModerationAction; expiresAt: Date | null; reason: string | null };

/** One entry of a user's notification centre. */
export interface NotificationView {
  id: string;
  kind: NotificationKind;
  /** Who caused it (null: the system). */
  actor: ViewerRef | null;
  stream: { id: string; slug: string; title: string } | null;
  /** One line, written by the server ("ana mentioned you in Lo-fi live: …"). */
  text: string;
  /** Where opening it goes: an app path (/s/<slug>?m=<messageId>, /orders/<id>). */
  href: string;
  data: NotificationData;
  readAt: Date | null;
  createdAt: Date;
}

/** The bus topic of one user's notifications (events about a user travel on it, never on a stream's). */
export function userTopic(userId: string): string {
  return `user:${userId}`;
}

/**
 * Every real-time event of the product: one discriminated union shared by server, web and SDK.
 * Chat events travel on the resumable `chat.onMessage` subscription (tracked by sequence number);
 * moderation events only on `moderation.onEvents` (the stream's moderators); the rest are
 * ephemeral and travel on `stream.onEvents`, which starts with a fresh snapshot.
 */
export type StreamEvent =
  // chat (resumable)
  | { type: "chat.history"; streamId: string; messages: ChatMessageView[] }
  | { type: "chat.message"; streamId: string; message: ChatMessageView }
  | { type: "chat.messageDeleted"; streamId: string; messageIds: string[] }
  /** Only to the author's own subscriptions: a moderator turned down their held message. */
  | { type: "chat.messageDenied"; streamId: string; messageId: string; authorId: string }
  /** Only to that user's own subscriptions: they were timed out or banned here (null: lifted). */
  | {
      type: "chat.restrictionChanged";
      streamId: string;
      userId: string;
      restriction: { kind: "BAN" | "TIMEOUT"; expiresAt: Date | null } | null;
    }
  // stream state (ephemeral)
  /** `serverTime`: the server's clock when it was sent (clients count flash sales down against it); `shelf`: the whole shelf in order. */
  | { type: "stream.snapshot"; streamId: string; state: StreamState; shelf: ShelfProductView[]; serverTime: Date }
  | { type: "stream.started"; streamId: string; startedAt: Date }
  | { type: "stream.ended"; streamId: string; endedAt: Date }
  | { type: "stream.updated"; streamId: string; changes: Partial<Pick<StreamState, "title"> & ChatSettings> }
  | { type: "stream.stats"; streamId: string; stats: StreamStats }
  | { type: "viewers.joined"; streamId: string; viewers: ViewerRef[]; anonymous: number }
  | { type: "viewers.left"; streamId: string; viewers: ViewerRef[]; anonymous: number }
  | { type: "likes.updated"; streamId: string; likeCount: number }
  // live shopping (ephemeral; the snapshot carries the whole shelf)
  /** The pinned products changed (pin, unpin): the pinned ones, in order. */
  | { type: "products.pinned"; streamId: string; products: ShelfProductView[] }
  /** Products were added, removed or reordered: the whole shelf, in order. */
  | { type: "products.shelf"; streamId: string; shelf: ShelfProductView[] }
  /** One product changed: price, title, images, variants, sold out, a flash sale started or ended. */
  | { type: "products.updated"; streamId: string; product: ShelfProductView }
  /** Stock moved (a purchase, a hold released, a cancellation). */
  | { type: "products.stock"; streamId: string; stock: ProductStockView }
  /** INGEST streams: the encoder connected or went away (viewers show "reconnecting" while live). */
  | { type: "stream.source"; streamId: string; connected: boolean }
  // between servers only (never sent to clients)
  /** The owner rotated the ingest key: the media server drops the publisher using the old one at once. */
  | { type: "ingest.keyRotated"; streamId: string }
  // moderation (moderators only)
  | { type: "moderation.queue"; streamId: string; messages: HeldMessageView[] }
  | { type: "moderation.held"; streamId: string; message: HeldMessageView }
  | { type: "moderation.reviewed"; streamId: string; messageId: string; approved: boolean }
  | { type: "moderation.logged"; streamId: string; entry: ModerationLogView }
  // the seller's Shop panel (the owner, and moderators the owner allows)
  /** The first event of orders.onEvents: the stream's sales so far. */
  | { type: "orders.totals"; streamId: string; totals: ShopTotalsView }
  | { type: "orders.placed"; streamId: string; order: SellerOrderView; totals: ShopTotalsView }
  | { type: "orders.updated"; streamId: string; order: SellerOrderView; totals: ShopTotalsView }
  // one user's notifications (notifications.onEvents); `streamId` is the bus topic, userTopic(userId)
  /** The first event of notifications.onEvents: how many are unread. */
  | { type: "notifications.unread"; streamId: string; unread: number }
  | { type: "notifications.new"; streamId: string; notification: NotificationView; unread: number }
  /** Marked read (on any of the user's devices): the ids, or "all". */
  | { type: "notifications.read"; streamId: string; ids: string[] | "all"; unread: number };

export type StreamEventType = StreamEvent["type"];
export type ChatEvent = Extract<StreamEvent, { type: `chat.${string}` }>;
export type ModerationEvent = Extract<StreamEvent, { type: `moderation.${string}` }>;
export type InternalEvent = Extract<StreamEvent, { type: `ingest.${string}` }>;
export type SellerEvent = Extract<StreamEvent, { type: `orders.${string}` }>;
export type NotificationEvent = Extract<StreamEvent, { type: `notifications.${string}` }>;
export type StreamStateEvent = Exclude<StreamEvent, ChatEvent | ModerationEvent | InternalEvent | SellerEvent | NotificationEvent>;

export function isChatEvent(event: StreamEvent): event is ChatEvent {
  return feedOf(event) === "chat";
}

/** The one user a private chat event is for (null: it is for everyone on the feed). */
export function recipientOf(event: StreamEvent): string | null {
  if (event.type === "chat.messageDenied") return event.authorId;
  if (event.type === "chat.restrictionChanged") return event.userId;
  return null;
}

/**
 * The routing rule of chat.onMessage, the one place it is written: which
 * chat events reach a subscriber (`viewerId`: the signed-in subscriber, null
 * when anonymous). Messages and deletions reach everyone; a private event
 * (a denied message, a restriction) only the user it is about.
 */
export function chatEventReaches(event: StreamEvent, viewerId: string | null): boolean {
  if (event.type === "chat.message" || event.type === "chat.messageDeleted") return true;
  if (!isChatEvent(event)) return false;
  const recipient = recipientOf(event);
  return recipient !== null && recipient === viewerId;
}

/** Which subscription an event travels on ("internal": none, it is for servers only). */
export function feedOf(event: StreamEvent): "chat" | "moderation" | "seller" | "user" | "state" | "internal" {
  if (event.type.startsWith("chat.")) return "chat";
  if (event.type.startsWith("notifications.")) return "user";
  if (event.type.startsWith("moderation.")) return "moderation";
  if (event.type.startsWith("orders.")) return "seller";
  if (event.type.startsWith("ingest.")) return "internal";
  return "state";
}
