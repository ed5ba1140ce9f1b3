import type { HeldMessageView } from "../../events/types";
import type { SignedInDeps } from "../deps";
import { heldMessageSelect, toHeldMessageView } from "./message-view";

/** The caller's own messages in this stream that wait for a moderator (shown to them as pending), oldest first. */
export async function myHeldMessages(deps: Pick<SignedInDeps, "db" | "actor">, input: { streamId: string }): Promise<HeldMessageView[]> {
  const rows = await deps.db.chatMessage.findMany({
    where: { streamId: input.streamId, userId: deps.actor.id, status: "HELD" },
    orderBy: { createdAt: "asc" },
    select: heldMessageSelect,
  });
  return rows.map(toHeldMessageView);
}
