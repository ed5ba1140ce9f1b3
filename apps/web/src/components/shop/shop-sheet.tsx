"use client";

import type { ShelfProductView } from "@onair/api/events";
import { useMutation } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { useTRPC } from "~/lib/trpc";
import { CheckoutForm, type PlacedOrder } from "./checkout-form";
import { OrderConfirmation } from "./order-confirmation";
import { PriceTag, ProductImage, StockNote } from "./price-tag";
import { ProductDetail, type CheckoutView } from "./product-detail";

/** Where the sheet is: the whole shelf, one product, its checkout, or the placed order. */
export type SheetStep =
  | { step: "shelf" }
  | { step: "product"; productId: string }
  | { step: "checkout"; productId: string; checkout: CheckoutView }
  | { step: "done"; order: PlacedOrder };

interface ShopSheetProps {
  streamId: string;
  shelf: ShelfProductView[];
  serverNow: number;
  clockOffsetMs: number;
  signedIn: boolean;
  /** The stream page's path: sign-in returns here with the product reopened. */
  streamPath: string;
  step: SheetStep;
  onStep: (step: SheetStep) => void;
  onClose: () => void;
}

/**
 * The shop over the stream page (a side sheet on desktop, a bottom sheet on phones): nothing
 * navigates, so the video keeps playing and chat keeps running underneath.
 */
export function ShopSheet(props: ShopSheetProps) {
  const { step, onStep, onClose, shelf } = props;
  const trpc = useTRPC();
  const sheetRef = useRef<HTMLDivElement>(null);
  const openCheckout = step.step === "checkout" && step.checkout.status === "OPEN" ? step.checkout.id : null;
  // Closing the sheet gives up a reservation still open: the units go back on sale at once, not at the hold's end.
  const cancel = useMutation(trpc.checkout.cancel.mutationOptions());
  const close = () => {
    if (openCheckout && step.step === "checkout" && step.checkout.expiresAt.getTime() > props.serverNow) {
      cancel.mutate({ checkoutId: openCheckout });
    }
    onClose();
  };
  const closeRef = useRef(close);
  closeRef.current = close;

  // A viewer opened a product's details: counted once per product while the sheet stays open
  // (coming back to it from the checkout is the same look; the server also rate-limits per client).
  const recordOpen = useMutation(trpc.shelf.recordOpen.mutationOptions());
  const recordOpenRef = useRef(recordOpen.mutate);
  recordOpenRef.current = recordOpen.mutate;
  const opened = useRef(new Set<string>());
  const openedProductId = step.step === "product" ? step.productId : null;
  useEffect(() => {
    if (!openedProductId || opened.current.has(openedProductId)) return;
    opened.current.add(openedProductId);
    recordOpenRef.current({ streamId: props.streamId, productId: openedProductId });
  }, [openedProductId, props.streamId]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") closeRef.current();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  // Focus moves into the sheet at each step, so keyboard and screen-reader users follow it.
  useEffect(() => {
    sheetRef.current?.querySelector<HTMLElement>("h2")?.focus();
  }, [step.step]);

  const product = step.step === "product" ? shelf.find((item) => item.productId === step.productId) : undefined;
  const back =
    step.step === "product" ? (
      <button type="button" className="link-button" onClick={() => onStep({ step: "shelf" })}>
        ← Shop
      </button>
    ) : null;

  return (
    <div className="shop-backdrop" onClick={close}>
      <div
        ref={sheetRef}
        className="shop-sheet"
        role="dialog"
        aria-modal="true"
        aria-labelledby="shop-sheet-title"
        data-testid="shop-sheet"
        onClick={(event) => event.stopPropagation()}
      >
        <div className="shop-sheet-bar">
          {back ?? <span />}
          <button type="button" className="shop-close" onClick={close} aria-label="Close the shop">
            ✕
          </button>
        </div>
        {step.step === "shelf" ? <ShelfList {...props} onOpen={(productId) => onStep({ step: "product", productId })} /> : null}
        {step.step === "product" ? (
          product ? (
            <ProductDetail
              key={product.productId}
              streamId={props.streamId}
              product={product}
              serverNow={props.serverNow}
              clockOffsetMs={props.clockOffsetMs}
              signedIn={props.signedIn}
              returnPath={`${props.streamPath}?shop=${encodeURIComponent(product.productId)}`}
              onCheckout={(checkout) => onStep({ step: "checkout", productId: product.productId, checkout })}
            />
          ) : (
            <p className="muted" id="shop-sheet-title" tabIndex={-1}>
              This product is no longer offered here.
            </p>
          )
        ) : null}
        {step.step === "checkout" ? (
          <CheckoutForm
            checkout={step.checkout}
            serverNow={props.serverNow}
            onPlaced={(order) => onStep({ step: "done", order })}
            onStartAgain={() => onStep({ step: "product", productId: step.productId })}
          />
        ) : null}
        {step.step === "done" ? <OrderConfirmation order={step.order} onKeepWatching={onClose} /> : null}
      </div>
    </div>
  );
}

function ShelfList({ shelf, serverNow, onOpen }: ShopSheetProps & { onOpen: (productId: string) => void }) {
  return (
    <>
      <h2 id="shop-sheet-title" tabIndex={-1}>
        Shop <span className="muted">({shelf.length})</span>
      </h2>
      {shelf.length === 0 ? (
        <p className="muted">Nothing on offer right now.</p>
      ) : (
        <ul className="shop-shelf" data-testid="shop-shelf">
          {shelf.map((product) => (
            <li key={product.productId} data-testid="shop-shelf-item" data-product-id={product.productId}>
              <button type="button" className="shop-shelf-row" onClick={() => onOpen(product.productId)}>
                <ProductImage product={product} className="shop-thumb" />
                <span className="shop-shelf-text">
                  <span className="shop-card-title">
                    <bdi>{product.title}</bdi>
                    {product.pinned ? <span className="badge shop-badge-pinned">Pinned</span> : null}
                  </span>
                  <PriceTag product={product} serverNow={serverNow} />
                  <StockNote product={product} />
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
