"use client";

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useId, useState } from "react";
import { formatCountdown } from "~/lib/format";
import { errorMessage, useTRPC } from "~/lib/trpc";
import { ActionOutcome } from "../../ui/action-outcome";
import { useStreamEvents } from "../../stream/stream-events";
import { ErrorLine } from "../../ui/error-line";
import { FlashSaleDialog } from "./flash-sale-dialog";
import { flashSalePhase } from "./flash-sale-form";
import { formatMoney } from "./money";
import { moveItem } from "./product-form";
import type { ShelfItem } from "./types";
import { useNow } from "./use-now";

/** At most this many products are pinned at once (the server refuses a fourth). */
export const MAX_PINNED = 3;

interface ShelfManagerProps {
  streamId: string;
  /** Offer the caller's catalog to add from (the owner; a moderator's own products cannot go on the shelf). */
  canAdd: boolean;
}

/**
 * The stream's shelf as the seller runs it: what is offered, in order; pin up to three as cards
 * next to the video; mark sold out; start and stop flash sales. Every change is sent at once and
 * the shelf the server returns replaces this one.
 */
export function ShelfManager({ streamId, canAdd }: ShelfManagerProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const shelfKey = trpc.shelf.list.queryKey({ streamId });
  const shelf = useQuery(trpc.shelf.list.queryOptions({ streamId }));
  const items = shelf.data ?? [];
  const [outcome, setOutcome] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [saleFor, setSaleFor] = useState<ShelfItem | null>(null);
  // How far the server's clock is ahead of this browser's, learnt from the last sale started here
  // until the page's stream subscription has measured it.
  const [learntOffsetMs, setOffsetMs] = useState(0);
  const { shelf: liveShelf } = useStreamEvents();
  const offsetMs = liveShelf.live ? liveShelf.clockOffsetMs : learntOffsetMs;
  useEffect(() => {
    // The page's stream.onEvents keeps the shelf current (another manager's change, stock, a sale's
    // start or end): from its first snapshot on, the panel shows the same shelf as viewers.
    if (liveShelf.live) queryClient.setQueryData(trpc.shelf.list.queryKey({ streamId }), liveShelf.shelf);
  }, [liveShelf, queryClient, trpc, streamId]);

  const setShelf = (next: ShelfItem[]) => queryClient.setQueryData(shelfKey, next);
  const setOne = (product: ShelfItem) =>
    queryClient.setQueryData(shelfKey, (current) => current?.map((item) => (item.productId === product.productId ? product : item)));
  const handlers = (done: string) => ({
    onMutate: () => {
      setFailure(null);
      setOutcome(null);
    },
    onError: (error: unknown) => {
      setFailure(errorMessage(error));
      // Refused, often because someone else changed the shelf meanwhile: show it as it is now.
      void queryClient.invalidateQueries({ queryKey: shelfKey });
    },
    onSuccess: () => setOutcome(done),
  });

  const offerableChanged = () => void queryClient.invalidateQueries(trpc.shelf.offerable.pathFilter());
  const add = useMutation(trpc.shelf.add.mutationOptions({ ...handlers("Added to the shelf."), onSettled: offerableChanged }));
  const remove = useMutation(trpc.shelf.remove.mutationOptions({ ...handlers("Removed from the shelf."), onSettled: offerableChanged }));
  const reorder = useMutation(trpc.shelf.reorder.mutationOptions(handlers("Shelf order saved.")));
  const pin = useMutation(trpc.shelf.pin.mutationOptions(handlers("Pinned products updated.")));
  const soldOut = useMutation(trpc.shelf.setSoldOut.mutationOptions(handlers("Saved.")));
  const stopSale = useMutation(trpc.shelf.stopFlashSale.mutationOptions(handlers("Flash sale stopped.")));
  const busy = add.isPending || remove.isPending || reorder.isPending || pin.isPending || soldOut.isPending || stopSale.isPending;

  const sales = items.flatMap((item) => (item.flashSale ? [item.flashSale] : []));
  const now = useNow(sales.length > 0, offsetMs);
  const endedSales = sales.filter((sale) => flashSalePhase(sale, now).phase === "ended").map((sale) => sale.id);
  const endedKey = endedSales.join(",");
  useEffect(() => {
    // A sale ran out here: read the shelf again, once (the server shows the normal price once more).
    if (endedKey) void queryClient.invalidateQueries({ queryKey: trpc.shelf.list.queryKey({ streamId }) }, { cancelRefetch: false });
  }, [endedKey, queryClient, trpc, streamId]);

  const pinnedCount = items.filter((item) => item.pinned).length;

  function move(index: number, by: -1 | 1) {
    const next = moveItem(items, index, by);
    reorder.mutate({ streamId, productIds: next.map((item) => item.productId) }, { onSuccess: setShelf });
  }

  return (
    <div className="seller-shelf" data-testid="shop-shelf">
      <h3>
        Shelf <span className="muted seller-count">({items.length})</span>
      </h3>
      {canAdd ? (
        <AddToShelf
          streamId={streamId}
          shelf={items}
          pending={add.isPending}
          onAdd={(productId) => add.mutate({ streamId, productId }, { onSuccess: setShelf })}
        />
      ) : null}
      {shelf.isPending ? <p className="muted">Loading…</p> : null}
      <ErrorLine error={shelf.error} />
      {shelf.isSuccess && items.length === 0 ? (
        <p className="muted studio-empty">Nothing on the shelf yet{canAdd ? ": add products from your catalog" : ""}.</p>
      ) : null}
      {items.length > 0 ? (
        <p className="muted studio-hint">
          {pinnedCount} of {MAX_PINNED} pinned: pinned products show as cards next to the video.
        </p>
      ) : null}
      <ActionOutcome outcome={outcome} error={failure} />
      {items.length > 0 ? (
        <ol className="seller-shelf-list" aria-label="Shelf">
          {items.map((item, index) => {
            const sale = item.flashSale && !endedSales.includes(item.flashSale.id) ? item.flashSale : null;
            const phase = sale ? flashSalePhase(sale, now) : null;
            const image = item.imageUrls[0] ?? null;
            return (
              <li key={item.productId} className="seller-shelf-item" data-testid="shelf-item" data-product-id={item.productId}>
                <div
                  className="seller-row-image seller-shelf-image"
                  style={image ? { backgroundImage: `url(${image})` } : undefined}
                  aria-hidden="true"
                />
                <div className="seller-shelf-body">
                  <p className="seller-shelf-title">
                    <bdi>{item.title}</bdi>
                    {item.pinned ? <span className="badge seller-badge seller-badge-pinned">Pinned</span> : null}
                    {item.soldOut ? <span className="badge seller-badge seller-badge-closed">Sold out</span> : null}
                  </p>
                  <p className="muted seller-shelf-facts">
                    {formatMoney(item.priceCents, item.currency)} ·{" "}
                    <span data-testid="shelf-stock">{item.stockLeft === null ? "unlimited stock" : `${item.stockLeft} left`}</span>
                  </p>
                  {sale && phase ? (
                    <div className="seller-sale" data-testid="flash-sale-running" role="status">
                      <span className="badge seller-badge seller-badge-sale">Flash sale</span>{" "}
                      <strong>{formatMoney(sale.priceCents, item.currency)}</strong>{" "}
                      <span>
                        {phase.phase === "upcoming" ? "starts in " : "ends in "}
                        <span className="seller-countdown" data-testid="flash-sale-countdown">
                          {formatCountdown(phase.msLeft)}
                        </span>
                      </span>{" "}
                      ·{" "}
                      <span>
                        {sale.remaining} of {sale.totalQuantity} left
                      </span>{" "}
                      · <span>{sale.perBuyerLimit} per buyer</span>
                      <button
                        type="button"
                        className="button button-small button-secondary studio-button-danger-text"
                        disabled={busy}
                        onClick={() => stopSale.mutate({ streamId, flashSaleId: sale.id }, { onSuccess: setOne })}
                        data-testid="flash-sale-stop"
                      >
                        Stop sale
                      </button>
                    </div>
                  ) : null}
                </div>
                <div className="seller-shelf-actions" role="group" aria-label={`Actions for ${item.title}`}>
                  <button
                    type="button"
                    className={`button button-small${item.pinned ? "" : " button-secondary"}`}
                    aria-pressed={item.pinned}
                    disabled={busy || (!item.pinned && pinnedCount >= MAX_PINNED)}
                    title={!item.pinned && pinnedCount >= MAX_PINNED ? "Unpin a product first: at most 3 can be pinned." : undefined}
                    onClick={() => pin.mutate({ streamId, productId: item.productId, pinned: !item.pinned }, { onSuccess: setShelf })}
                    data-testid="shelf-pin"
                  >
                    {item.pinned ? "Unpin" : "Pin"}
                  </button>
                  <button
                    type="button"
                    className="button button-small button-secondary"
                    disabled={busy || sale !== null}
                    onClick={() => setSaleFor(item)}
                    data-testid="shelf-flash-sale"
                  >
                    Flash sale
                  </button>
                  <button
                    type="button"
                    className="button button-small button-secondary"
                    aria-pressed={item.soldOut}
                    disabled={busy}
                    onClick={() => soldOut.mutate({ streamId, productId: item.productId, soldOut: !item.soldOut }, { onSuccess: setOne })}
                    data-testid="shelf-sold-out"
                  >
                    {item.soldOut ? "Back on sale" : "Mark sold out"}
                  </button>
                  <button
                    type="button"
                    className="seller-icon-button"
                    disabled={busy || index === 0}
                    onClick={() => move(index, -1)}
                    aria-label={`Move ${item.title} up`}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    className="seller-icon-button"
                    disabled={busy || index === items.length - 1}
                    onClick={() => move(index, 1)}
                    aria-label={`Move ${item.title} down`}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    className="seller-icon-button seller-icon-danger"
                    disabled={busy}
                    onClick={() => remove.mutate({ streamId, productId: item.productId }, { onSuccess: setShelf })}
                    aria-label={`Remove ${item.title} from the shelf`}
                    data-testid="shelf-remove"
                  >
                    ×
                  </button>
                </div>
              </li>
            );
          })}
        </ol>
      ) : null}
      {saleFor ? (
        <FlashSaleDialog
          streamId={streamId}
          product={saleFor}
          onClose={() => setSaleFor(null)}
          onStarted={(sale, startsInSeconds) => {
            // The server set startsAt = its now + the countdown: its clock's lead over ours, give or take the request's time.
            setOffsetMs(sale.startsAt.getTime() - startsInSeconds * 1000 - Date.now());
            queryClient.setQueryData(shelfKey, (current) =>
              current?.map((item) => (item.productId === sale.productId ? { ...item, flashSale: sale } : item)),
            );
            void queryClient.invalidateQueries({ queryKey: shelfKey });
            setFailure(null);
            setOutcome(startsInSeconds > 0 ? "Flash sale scheduled: the countdown is on." : "Flash sale started.");
            setSaleFor(null);
          }}
        />
      ) : null}
    </div>
  );
}

/** Pick one of the stream owner's active products that is not on the shelf yet, and add it. */
function AddToShelf(props: { streamId: string; shelf: ShelfItem[]; pending: boolean; onAdd: (productId: string) => void }) {
  const trpc = useTRPC();
  const id = useId();
  const catalog = useInfiniteQuery(
    trpc.shelf.offerable.infiniteQueryOptions({ streamId: props.streamId }, { getNextPageParam: (page) => page.nextCursor }),
  );
  // The shelf in hand may be newer than the list (a product just added here or by another manager).
  const onShelf = new Set(props.shelf.map((item) => item.productId));
  const choices = (catalog.data?.pages.flatMap((page) => page.items) ?? []).filter((product) => !onShelf.has(product.id));
  const [picked, setPicked] = useState("");
  const productId = choices.some((product) => product.id === picked) ? picked : (choices[0]?.id ?? "");

  if (catalog.isSuccess && choices.length === 0 && !catalog.hasNextPage) {
    return (
      <p className="muted studio-hint">
        Every active product is on the shelf. <Link href="/studio/products/new">Create a product</Link>
      </p>
    );
  }
  return (
    <div className="seller-add">
      <label htmlFor={id}>Add a product</label>
      <div className="seller-add-row">
        <select
          id={id}
          value={productId}
          onChange={(event) => setPicked(event.target.value)}
          disabled={!catalog.isSuccess}
          data-testid="shelf-add-select"
        >
          {choices.map((product) => (
            <option key={product.id} value={product.id}>
              {product.title} — {formatMoney(product.priceCents, product.currency)}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="button button-small"
          disabled={!productId || props.pending}
          onClick={() => props.onAdd(productId)}
          data-testid="shelf-add"
        >
          {props.pending ? "Adding…" : "Add to shelf"}
        </button>
        {catalog.hasNextPage ? (
          <button type="button" className="link-button" disabled={catalog.isFetchingNextPage} onClick={() => void catalog.fetchNextPage()}>
            More products
          </button>
        ) : null}
      </div>
      <ErrorLine error={catalog.error} />
    </div>
  );
}
