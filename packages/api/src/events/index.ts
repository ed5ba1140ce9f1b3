export type { EventBus } from "./bus";
export { PgEventBus } from "./pg-bus";
export type { ChatAuthor, ChatMessageView, StreamEvent, StreamEventType } from "./types";
import type { EventBus } from "./bus";
import { PgEventBus } from "./pg-bus";

/** The bus for this deployment: PostgreSQL LISTEN/NOTIFY by default. */
export function createEventBus(config: { databaseUrl: string }): EventBus {
  return new PgEventBus(config.databaseUrl);
}
