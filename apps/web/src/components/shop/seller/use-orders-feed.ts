"use client";

import type { SellerEvent } from "@onair/api/events";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { errorMessage, useTRPC, useTRPCClient } from "~/lib/trpc";
import { writeOrder, type ShopTotalsView } from "./orders";

/**
 * The stream's `orders.onEvents` feed, written into the cached queries the Shop panel reads: a
 * placed or changed order is merged into every loaded order list (each by its own filter) and its
 * detail; stock moved, so the shelf is read again. After a reconnect (events missed while the feed
 * was down never arrive) the lists are read again. Returns the live totals and why the feed stopped.
 */
export function useOrdersFeed(streamId: string): { totals: ShopTotalsView | null; feedError: string | null } {
  const api = useTRPCClient();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [totals, setTotals] = useState<ShopTotalsView | null>(null);
  const [feedError, setFeedError] = useState<string | null>(null);

  useEffect(() => {
    const listsKey = trpc.orders.forStream.infiniteQueryKey({ streamId });
    const reloadShelf = () =>
      void queryClient.invalidateQueries({ queryKey: trpc.shelf.list.queryKey({ streamId }) }, { cancelRefetch: false });
    let started = false;

    const onEvent = (event: SellerEvent) => {
      setFeedError(null);
      setTotals(event.totals);
      if (event.type === "orders.totals") {
        // The first event of every (re)connection.
        if (started) {
          void queryClient.invalidateQueries({ queryKey: listsKey }, { cancelRefetch: false });
          reloadShelf();
        }
        started = true;
        return;
      }
      const { order } = event;
      writeOrder(queryClient, listsKey, order);
      queryClient.setQueryData(trpc.orders.detail.queryKey({ streamId, orderId: order.id }), (detail) =>
        detail ? { ...detail, ...order } : detail,
      );
      reloadShelf();
    };

    const subscription = api.orders.onEvents.subscribe(
      { streamId },
      {
        onData: onEvent,
        onError: (error) => {
          console.error("[shop] orders subscription failed:", error);
          setFeedError(`New orders stopped arriving: ${errorMessage(error)} Reload the page to try again.`);
        },
      },
    );
    return () => subscription.unsubscribe();
  }, [api, trpc, queryClient, streamId]);

  return { totals, feedError };
}
