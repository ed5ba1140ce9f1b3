import type { ShelfProductView } from "@onair/api/events";
import { formatClock, formatPrice } from "./price";
import { flashSalePhase, hasPriceRange, lowestPrice, LOW_STOCK } from "./shelf-state";

interface PriceTagProps {
  product: ShelfProductView;
  serverNow: number;
  /** The chosen variant's regular price (the sheet); the card shows the lowest ("from" when variants differ). */
  regularCents?: number;
}

/**
 * A product's price now: the regular price; during a flash sale the deal price with the regular one
 * struck through and the time left; before it the regular price and when the deal starts.
 */
export function PriceTag({ product, serverNow, regularCents }: PriceTagProps) {
  const phase = flashSalePhase(product, serverNow);
  const regular = regularCents ?? lowestPrice(product);
  const from = regularCents === undefined && hasPriceRange(product) ? "from " : "";
  const price = (cents: number) => formatPrice(cents, product.currency);

  if (phase.kind === "running") {
    return (
      <div className="shop-price" data-testid="shop-price" data-deal="running">
        <span className="shop-price-deal" data-testid="shop-deal-price">
          {price(phase.sale.priceCents)}
        </span>{" "}
        <s className="shop-price-was" aria-label={`was ${price(regular)}`}>
          {price(regular)}
        </s>
        <span className="shop-deal-clock" data-testid="shop-deal-countdown" suppressHydrationWarning>
          Deal ends in {formatClock(phase.endsInMs)}
        </span>
        {phase.sale.remaining === 0 ? (
          <span className="shop-deal-clock">All deal units taken</span>
        ) : phase.sale.remaining <= LOW_STOCK ? (
          <span className="shop-deal-clock">{phase.sale.remaining} at this price</span>
        ) : null}
      </div>
    );
  }
  return (
    <div className="shop-price" data-testid="shop-price" data-deal={phase.kind}>
      <span className="shop-price-regular" data-testid="shop-regular-price">
        {from}
        {price(regular)}
      </span>
      {phase.kind === "upcoming" ? (
        <span className="shop-deal-clock shop-deal-soon" data-testid="shop-deal-countdown" suppressHydrationWarning>
          {price(phase.sale.priceCents)} deal starts in {formatClock(phase.startsInMs)}
        </span>
      ) : null}
    </div>
  );
}

/** "Sold out", or "Only N left" when few units remain; nothing otherwise. */
export function StockNote({ product }: { product: ShelfProductView }) {
  if (product.soldOut) {
    return (
      <span className="badge shop-badge-soldout" data-testid="shop-sold-out">
        Sold out
      </span>
    );
  }
  if (product.stockLeft !== null && product.stockLeft <= LOW_STOCK) {
    return (
      <span className="shop-low-stock" data-testid="shop-stock-left">
        Only {product.stockLeft} left
      </span>
    );
  }
  return null;
}

/** The product's first image, or its initial on a tile when it has none. */
export function ProductImage({ product, className }: { product: Pick<ShelfProductView, "title" | "imageUrls">; className: string }) {
  const url = product.imageUrls[0];
  if (url) {
    // eslint-disable-next-line @next/next/no-img-element -- served by /media as WebP already sized by the upload pipeline
    return <img className={className} src={url} alt="" loading="lazy" />;
  }
  return (
    <span className={`${className} shop-image-empty`} aria-hidden>
      {product.title.trim().charAt(0).toUpperCase() || "?"}
    </span>
  );
}
