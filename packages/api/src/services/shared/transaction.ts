import type { Db, DbOrTx } from "@onair/db";
import { publishCommitted, type EventBus } from "../../events/bus";
import type { StreamEvent } from "../../events/types";

/** What a transaction's work returns: its result, and the events to publish once it has committed. */
export interface Committed<T> {
  result: T;
  events: StreamEvent[];
}

/**
 * Runs `work` in one transaction (the change and its audit rows commit
 * together), then publishes its events in order. Nothing is published when
 * the transaction fails. A failed publish is logged, not thrown (see
 * publishCommitted): the change is in PostgreSQL and subscribers catch up.
 */
export async function inTransaction<T>(deps: { db: Db; bus: EventBus }, work: (tx: DbOrTx) => Promise<Committed<T>>): Promise<T> {
  const { result, events } = await deps.db.$transaction((tx) => work(tx));
  for (const event of events) await publishCommitted(deps.bus, event);
  return result;
}
