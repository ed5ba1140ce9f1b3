"use client";

import Link from "next/link";
import { useTRPC } from "~/lib/trpc";
import { ModeratorsSwitch } from "../../studio/moderators-switch";
import type { TabPanelProps } from "../../ui/tabs";
import { formatMoney } from "./money";
import { OrderList } from "./order-list";
import { ShelfManager } from "./shelf-manager";
import { useOrdersFeed } from "./use-orders-feed";
// Here rather than in each page: the panel is on the studio and on the moderator dashboard.
import "./seller.css";

interface ShopPanelProps {
  streamId: string;
  /** The stream has ended: its orders stay, the shelf is no longer run. */
  ended: boolean;
  /** The owner's view: add from the catalog and say whether moderators may run the shop. */
  owner: { moderatorsAllowed: boolean } | null;
  tabPanel?: TabPanelProps;
}

/**
 * The seller's Shop during a stream: live sales numbers, the shelf (pin, sold out, flash sales)
 * and the orders, which arrive live. Shown to the owner in the studio and to moderators the owner
 * allows on the moderator dashboard.
 */
export function ShopPanel({ streamId, ended, owner, tabPanel }: ShopPanelProps) {
  const trpc = useTRPC();
  const { totals, feedError } = useOrdersFeed(streamId);
  return (
    <section
      // In the studio a panel of its own; on the moderator dashboard one of its tabs.
      className={tabPanel ? "mod-panel mod-panel-shop seller-shop" : "studio-panel seller-shop"}
      aria-labelledby="shop-heading"
      data-testid="shop-panel"
      {...tabPanel}
    >
      <div className="seller-shop-header">
        <h2 id="shop-heading">Shop</h2>
        {owner ? (
          <Link href="/studio/products" className="seller-shop-link">
            Products
          </Link>
        ) : null}
      </div>
      <ul className="seller-ticker" aria-label="Sales during this stream" aria-live="polite" data-testid="shop-ticker">
        <li>
          <strong data-testid="ticker-orders">{totals?.orders ?? "–"}</strong> {totals?.orders === 1 ? "order" : "orders"}
        </li>
        <li>
          <strong data-testid="ticker-units">{totals?.units ?? "–"}</strong> {totals?.units === 1 ? "unit" : "units"}
        </li>
        <li data-testid="ticker-revenue">
          {totals && totals.revenue.length > 0 ? (
            totals.revenue.map((sum, index) => (
              <span key={sum.currency}>
                {index > 0 ? " + " : null}
                <strong>{formatMoney(sum.cents, sum.currency)}</strong>
              </span>
            ))
          ) : (
            <strong>{totals ? "No revenue yet" : "–"}</strong>
          )}
        </li>
      </ul>
      {feedError ? (
        <p className="form-error" role="alert">
          {feedError}
        </p>
      ) : null}
      {owner ? (
        <ModeratorsSwitch
          streamId={streamId}
          initial={owner.moderatorsAllowed}
          mutation={trpc.shelf.setModeratorsAllowed.mutationOptions()}
          label="Moderators may manage the shop (shelf, flash sales and orders)"
          said={{ allowed: "Your moderators can now run the shop.", disallowed: "Only you run the shop now." }}
          testId="shop-moderators-allowed"
        />
      ) : null}
      {ended ? (
        <p className="muted studio-hint">
          The stream has ended: its shelf is closed. Orders can still be fulfilled, cancelled or refunded.
        </p>
      ) : (
        <ShelfManager streamId={streamId} canAdd={owner !== null} />
      )}
      <OrderList streamId={streamId} />
    </section>
  );
}
