"use client";

import type { RouterOutputs } from "@onair/api";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "~/lib/trpc";
import { ADDRESS_STORAGE_KEY, EMPTY_ADDRESS, parseStoredAddress, regionOfLocale, toShippingAddress, type AddressDraft } from "./address";
import { AddressFields } from "./address-form";
import type { CheckoutView } from "./product-detail";
import { formatClock, formatPrice } from "./price";
import { ProductImage } from "./price-tag";
import { ErrorLine } from "../ui/error-line";

export type PlacedOrder = RouterOutputs["checkout"]["place"]["order"];

interface CheckoutFormProps {
  checkout: CheckoutView;
  serverNow: number;
  onPlaced: (order: PlacedOrder) => void;
  /** Back to the product to try again (the hold ended or the buyer gave it up). */
  onStartAgain: () => void;
}

function rememberedAddress(): AddressDraft {
  try {
    const stored = parseStoredAddress(window.localStorage.getItem(ADDRESS_STORAGE_KEY));
    if (stored) return stored;
  } catch {
    // Storage can be switched off; the form starts blank.
  }
  return { ...EMPTY_ADDRESS, country: regionOfLocale(navigator.language) ?? "" };
}

/** The held units with their countdown, the shipping address, the payment method and "Place order". */
export function CheckoutForm({ checkout, serverNow, onPlaced, onStartAgain }: CheckoutFormProps) {
  const trpc = useTRPC();
  // Rendered only in the browser (the sheet opens on a click), so storage can be read at once.
  const [address, setAddress] = useState<AddressDraft>(rememberedAddress);
  const [paymentMethod, setPaymentMethod] = useState<"COD" | "STRIPE">("COD");
  const options = useQuery(trpc.checkout.paymentOptions.queryOptions(undefined, { staleTime: 5 * 60_000 }));
  const stripeListed = options.data?.providers.includes("STRIPE") ?? false;

  const place = useMutation(
    trpc.checkout.place.mutationOptions({
      onSuccess: (result) => {
        try {
          window.localStorage.setItem(ADDRESS_STORAGE_KEY, JSON.stringify(address));
        } catch {
          // Not remembered; the order is placed all the same.
        }
        onPlaced(result.order);
      },
    }),
  );
  const cancel = useMutation(trpc.checkout.cancel.mutationOptions({ onSettled: onStartAgain }));

  const leftMs = checkout.expiresAt.getTime() - serverNow;
  const expired = leftMs <= 0;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    // checkout.place is idempotent by checkout id, and the button is off while it runs: a double click is one order.
    if (place.isPending || expired) return;
    place.mutate({ checkoutId: checkout.id, shippingAddress: toShippingAddress(address), paymentMethod });
  };

  return (
    <form className="shop-checkout" onSubmit={submit} data-testid="shop-checkout">
      <h2 id="shop-sheet-title" tabIndex={-1}>
        Checkout
      </h2>
      <div className="shop-checkout-item">
        <ProductImage
          product={{ title: checkout.productTitle, imageUrls: checkout.imageUrl ? [checkout.imageUrl] : [] }}
          className="shop-thumb"
        />
        <div>
          <p className="shop-checkout-title">
            <bdi>{checkout.productTitle}</bdi>
            {checkout.variantName ? (
              <span className="muted">
                {" "}
                · <bdi>{checkout.variantName}</bdi>
              </span>
            ) : null}
          </p>
          <p className="muted">
            {checkout.quantity} × {formatPrice(checkout.unitPriceCents, checkout.currency)}
            {checkout.flashSale ? " (deal price)" : ""}
          </p>
          <p className="shop-total">
            Total <strong data-testid="shop-checkout-total">{formatPrice(checkout.totalCents, checkout.currency)}</strong>
          </p>
        </div>
      </div>

      {expired ? (
        <div className="shop-refusal" role="alert">
          <p className="form-error">Your reservation ended: the units went back on sale.</p>
          <button type="button" className="button button-small" onClick={onStartAgain}>
            Start again
          </button>
        </div>
      ) : (
        <p className="shop-hold" data-testid="shop-hold" suppressHydrationWarning>
          Reserved for <strong>{formatClock(leftMs)}</strong>
        </p>
      )}

      <AddressFields value={address} onChange={setAddress} disabled={place.isPending || expired} />

      <fieldset className="shop-payment" disabled={place.isPending || expired}>
        <legend>Payment</legend>
        <label className="shop-variant">
          <input type="radio" name="payment" value="COD" checked={paymentMethod === "COD"} onChange={() => setPaymentMethod("COD")} />
          <span>Pay on delivery</span>
        </label>
        {stripeListed ? (
          <label className="shop-variant shop-variant-soldout">
            <input type="radio" name="payment" value="STRIPE" disabled />
            <span>
              Card <span className="muted">· card payments need Stripe.js, which this page does not load yet</span>
            </span>
          </label>
        ) : null}
      </fieldset>

      <ErrorLine error={place.error} />
      {place.error && place.error.data?.code === "CONFLICT" ? (
        <button type="button" className="button button-small button-quiet" onClick={onStartAgain}>
          Start again
        </button>
      ) : null}
      <div className="shop-checkout-actions">
        <button type="submit" className="button" disabled={place.isPending || expired} data-testid="shop-place-order">
          {place.isPending ? "Placing order…" : `Place order · ${formatPrice(checkout.totalCents, checkout.currency)}`}
        </button>
        <button
          type="button"
          className="link-button"
          disabled={place.isPending || cancel.isPending}
          onClick={() => (expired ? onStartAgain() : cancel.mutate({ checkoutId: checkout.id }))}
        >
          Cancel
        </button>
      </div>
    </form>
  );
}
