import type { Encoder } from "@trpc/server/adapters/ws";
import { DirectChannel } from "./direct-delivery";

/**
 * tRPC's JSON encoder, plus the direct-delivery handshake: a DirectChannel
 * yielded by a subscription learns its subscription id here and is never sent.
 */
export const wsEncoder: Encoder = {
  encode(message) {
    const result = (message as { result?: { data?: unknown } } | null)?.result;
    if (result?.data instanceof DirectChannel) {
      result.data.attach((message as { id?: unknown }).id, "jsonrpc" in (message as object));
      return "";
    }
    return JSON.stringify(message);
  },
  decode(data) {
    if (typeof data !== "string") throw new Error("OnAir's WebSocket API uses JSON text frames.");
    return JSON.parse(data) as unknown;
  },
};
