import type { ShelfProductView } from "@onair/api/events";
import { PriceTag, ProductImage, StockNote } from "./price-tag";

interface ProductCardProps {
  product: ShelfProductView;
  serverNow: number;
  /** Opens the product in the sheet (details, then buying). */
  onOpen: (productId: string) => void;
}

/** A pinned product next to the video: image, title, price (deal and countdown), stock and Buy. */
export function ProductCard({ product, serverNow, onOpen }: ProductCardProps) {
  const titleId = `shop-card-${product.productId}`;
  return (
    <article
      className={`shop-card${product.soldOut ? " shop-card-soldout" : ""}`}
      data-testid="shop-card"
      data-product-id={product.productId}
      aria-labelledby={titleId}
    >
      <button type="button" className="shop-card-image" onClick={() => onOpen(product.productId)} tabIndex={-1} aria-hidden>
        <ProductImage product={product} className="shop-thumb" />
      </button>
      <div className="shop-card-body">
        <h3 className="shop-card-title" id={titleId}>
          <button type="button" className="shop-card-link" onClick={() => onOpen(product.productId)} title={product.title}>
            <bdi>{product.title}</bdi>
          </button>
        </h3>
        <PriceTag product={product} serverNow={serverNow} />
        <StockNote product={product} />
      </div>
      <button
        type="button"
        className="button button-small shop-buy"
        disabled={product.soldOut}
        onClick={() => onOpen(product.productId)}
        aria-label={`Buy ${product.title}`}
        data-testid="shop-card-buy"
      >
        Buy
      </button>
    </article>
  );
}
