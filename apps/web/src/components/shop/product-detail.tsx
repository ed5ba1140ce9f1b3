"use client";

import type { RouterOutputs } from "@onair/api";
import type { ShelfProductView } from "@onair/api/events";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { useTRPC, useTRPCClient } from "~/lib/trpc";
import { newCheckoutRequestId } from "./address";
import { formatPrice } from "./price";
import { PriceTag, ProductImage, StockNote } from "./price-tag";
import { flashSalePhase, LOW_STOCK, maxQuantity, unitPriceNow } from "./shelf-state";
import { ErrorLine } from "../ui/error-line";

export type CheckoutView = RouterOutputs["checkout"]["start"];

interface ProductDetailProps {
  streamId: string;
  product: ShelfProductView;
  serverNow: number;
  clockOffsetMs: number;
  signedIn: boolean;
  /** Where sign-in sends the viewer back to (this stream, reopening this product). */
  returnPath: string;
  onCheckout: (checkout: CheckoutView) => void;
}

interface Refused {
  message: string;
  /** The price the server holds to now, when it differs from the one the buyer was shown. */
  newUnitPriceCents: number | null;
}

/** A product in the sheet: images, description, variant, quantity and Buy (which reserves the units). */
export function ProductDetail({ streamId, product, serverNow, clockOffsetMs, signedIn, returnPath, onCheckout }: ProductDetailProps) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const router = useRouter();
  const firstAvailable = product.variants.find((variant) => variant.stockLeft === null || variant.stockLeft > 0) ?? product.variants[0];
  const [variantId, setVariantId] = useState(firstAvailable?.id ?? "");
  const [quantity, setQuantity] = useState(1);
  const [imageIndex, setImageIndex] = useState(0);
  const [refused, setRefused] = useState<Refused | null>(null);
  const variant = product.variants.find((candidate) => candidate.id === variantId) ?? firstAvailable ?? null;
  const max = variant ? maxQuantity(product, variant, serverNow) : 0;
  const unitPrice = unitPriceNow(product, variant, serverNow);
  const phase = flashSalePhase(product, serverNow);

  // Stock or a sale's limits can fall while the sheet is open: the quantity follows.
  useEffect(() => {
    if (max > 0 && quantity > max) setQuantity(max);
  }, [max, quantity]);

  const start = useMutation(
    trpc.checkout.start.mutationOptions({
      onSuccess: (checkout) => onCheckout(checkout),
      onError: async (error, input) => {
        // A refusal may mean the price moved (a sale started or ended, the seller changed it):
        // read the shelf afresh and offer the new price rather than guess.
        let newUnitPriceCents: number | null = null;
        try {
          const shelf = await client.shelf.list.query({ streamId });
          const fresh = shelf.find((item) => item.productId === product.productId);
          const freshVariant = fresh?.variants.find((item) => item.id === input.variantId) ?? null;
          if (fresh && freshVariant && !fresh.soldOut) {
            const price = unitPriceNow(fresh, freshVariant, Date.now() + clockOffsetMs);
            if (price !== input.expectedUnitPriceCents) newUnitPriceCents = price;
          }
        } catch {
          // The refusal's own sentence is shown either way.
        }
        setRefused({ message: error.message, newUnitPriceCents });
      },
    }),
  );

  const buy = (expectedUnitPriceCents: number) => {
    if (!variant) return;
    if (!signedIn) {
      router.push(`/signin?callbackUrl=${encodeURIComponent(returnPath)}`);
      return;
    }
    setRefused(null);
    start.mutate({
      requestId: newCheckoutRequestId(),
      streamId,
      productId: product.productId,
      variantId: variant.id,
      quantity,
      expectedUnitPriceCents,
    });
  };

  const images = product.imageUrls;
  const showVariants = product.variants.length > 1 || (product.variants[0]?.name ?? "") !== "";
  const cannotBuy = product.soldOut || !variant || max === 0;

  return (
    <div className="shop-detail" data-testid="shop-product-detail">
      <div className="shop-gallery">
        <ProductImage
          product={{ title: product.title, imageUrls: images.slice(imageIndex, imageIndex + 1) }}
          className="shop-gallery-main"
        />
        {images.length > 1 ? (
          <div className="shop-gallery-thumbs" role="group" aria-label="Images">
            {images.map((url, index) => (
              <button
                key={url}
                type="button"
                className={`shop-gallery-thumb${index === imageIndex ? " shop-gallery-thumb-on" : ""}`}
                aria-label={`Image ${index + 1} of ${images.length}`}
                aria-pressed={index === imageIndex}
                onClick={() => setImageIndex(index)}
              >
                {/* eslint-disable-next-line @next/next/no-img-element -- product images are served by /media, already sized */}
                <img src={url} alt="" />
              </button>
            ))}
          </div>
        ) : null}
      </div>

      <h2 className="shop-detail-title" id="shop-sheet-title" tabIndex={-1}>
        <bdi>{product.title}</bdi>
      </h2>
      <PriceTag product={product} serverNow={serverNow} regularCents={variant?.priceCents} />
      <StockNote product={product} />
      {product.description ? <p className="shop-description">{product.description}</p> : null}

      {showVariants ? (
        <fieldset className="shop-variants">
          <legend>Option</legend>
          {product.variants.map((option) => {
            const soldOut = option.stockLeft === 0;
            return (
              <label key={option.id} className={`shop-variant${soldOut ? " shop-variant-soldout" : ""}`}>
                <input
                  type="radio"
                  name="variant"
                  value={option.id}
                  checked={option.id === variant?.id}
                  disabled={soldOut}
                  onChange={() => setVariantId(option.id)}
                />
                <span>
                  <bdi>{option.name || "Standard"}</bdi>
                  {soldOut ? (
                    <span className="muted"> · sold out</span>
                  ) : option.stockLeft !== null && option.stockLeft <= LOW_STOCK ? (
                    <span className="muted"> · {option.stockLeft} left</span>
                  ) : null}
                </span>
              </label>
            );
          })}
        </fieldset>
      ) : null}

      <div className="shop-buy-row">
        <div className="shop-stepper" role="group" aria-label="Quantity">
          <button
            type="button"
            aria-label="One fewer"
            disabled={quantity <= 1 || cannotBuy}
            onClick={() => setQuantity((current) => Math.max(1, current - 1))}
          >
            −
          </button>
          <output aria-live="polite" data-testid="shop-quantity">
            {quantity}
          </output>
          <button
            type="button"
            aria-label="One more"
            disabled={quantity >= max || cannotBuy}
            onClick={() => setQuantity((current) => Math.min(max, current + 1))}
          >
            +
          </button>
        </div>
        <button
          type="button"
          className="button shop-buy-button"
          disabled={cannotBuy || start.isPending}
          onClick={() => buy(unitPrice)}
          data-testid="shop-buy"
        >
          {product.soldOut || !variant || variant.stockLeft === 0
            ? "Sold out"
            : phase.kind === "running" && phase.sale.remaining === 0
              ? "Deal sold out"
              : `Buy · ${formatPrice(unitPrice * quantity, product.currency)}`}
        </button>
      </div>
      {phase.kind === "running" && max > 0 ? (
        <p className="muted shop-hint">Deal price: at most {phase.sale.perBuyerLimit} per buyer.</p>
      ) : null}
      {!signedIn ? <p className="muted shop-hint">Buying needs an account: Buy takes you to sign in and back here.</p> : null}
      {refused ? (
        <div className="shop-refusal" data-testid="shop-refusal">
          <ErrorLine error={refused.message} />
          {refused.newUnitPriceCents !== null ? (
            <button
              type="button"
              className="button button-small"
              disabled={start.isPending || cannotBuy}
              onClick={() => buy(refused.newUnitPriceCents!)}
              data-testid="shop-continue-new-price"
            >
              Continue at {formatPrice(refused.newUnitPriceCents, product.currency)}
            </button>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
