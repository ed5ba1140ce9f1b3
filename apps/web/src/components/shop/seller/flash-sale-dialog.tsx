"use client";

import { useMutation } from "@tanstack/react-query";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTRPC } from "~/lib/trpc";
import { StudioField } from "../../studio/studio-field";
import {
  COUNTDOWN_CHOICES,
  DURATION_CHOICES,
  PER_BUYER_MAX,
  TOTAL_QUANTITY_MAX,
  checkFlashSale,
  defaultFlashSaleForm,
  secondsLabel,
  type FlashSaleFormValues,
} from "./flash-sale-form";
import { formatMoney } from "./money";
import type { ShelfItem } from "./types";

type StartedSale = NonNullable<ShelfItem["flashSale"]>;

interface FlashSaleDialogProps {
  streamId: string;
  product: ShelfItem;
  onStarted: (sale: StartedSale, startsInSeconds: number) => void;
  onClose: () => void;
}

/**
 * Start a flash sale on one shelf product: deal price, how long, an optional countdown, the units
 * on offer and a buyer's limit. A modal dialog (Escape or Cancel closes it); the server's refusal
 * stays in it.
 */
export function FlashSaleDialog({ streamId, product, onStarted, onClose }: FlashSaleDialogProps) {
  const trpc = useTRPC();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [values, setValues] = useState<FlashSaleFormValues>(defaultFlashSaleForm);
  const [checked, setChecked] = useState(false);
  const start = useMutation(trpc.shelf.startFlashSale.mutationOptions());
  // Each variant's price is its own or the product's: the deal must beat the cheapest.
  const lowestPriceCents =
    product.variants.length > 0 ? Math.min(...product.variants.map((variant) => variant.priceCents)) : product.priceCents;
  const check = () => checkFlashSale(values, { currency: product.currency, lowestPriceCents });
  const errors = checked ? (check().errors ?? {}) : {};

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const change = (changes: Partial<FlashSaleFormValues>) => setValues((current) => ({ ...current, ...changes }));

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setChecked(true);
    start.reset();
    const result = check();
    if (!result.input) return;
    try {
      const sale = await start.mutateAsync({ streamId, productId: product.productId, ...result.input });
      onStarted(sale, result.input.startsInSeconds);
    } catch {
      // Shown in the dialog from the mutation's error.
    }
  }

  return (
    <dialog
      ref={dialogRef}
      className="seller-dialog"
      aria-labelledby="flash-sale-heading"
      onClose={onClose}
      data-testid="flash-sale-dialog"
    >
      <form className="studio-form" noValidate onSubmit={(event) => void submit(event)}>
        <h2 id="flash-sale-heading">
          Flash sale: <bdi>{product.title}</bdi>
        </h2>
        <p className="muted studio-hint">
          Now {formatMoney(lowestPriceCents, product.currency)}
          {product.variants.some((variant) => variant.priceCents !== lowestPriceCents) ? " (its lowest option)" : ""}. Every option sells at
          the deal price while the sale runs; the price goes back by itself when it ends.
        </p>
        <StudioField name="price" label={`Deal price (${product.currency})`} error={errors.price}>
          {(control) => (
            <input
              {...control}
              type="text"
              inputMode="decimal"
              autoComplete="off"
              value={values.price}
              onChange={(event) => change({ price: event.target.value })}
            />
          )}
        </StudioField>
        <div className="seller-dialog-grid">
          <StudioField name="durationSeconds" label="Runs for" error={errors.durationSeconds}>
            {(control) => (
              <select
                {...control}
                value={values.durationSeconds}
                onChange={(event) => change({ durationSeconds: Number(event.target.value) })}
              >
                {DURATION_CHOICES.map((seconds) => (
                  <option key={seconds} value={seconds}>
                    {secondsLabel(seconds)}
                  </option>
                ))}
              </select>
            )}
          </StudioField>
          <StudioField name="startsInSeconds" label="Countdown first" error={errors.startsInSeconds}>
            {(control) => (
              <select
                {...control}
                value={values.startsInSeconds}
                onChange={(event) => change({ startsInSeconds: Number(event.target.value) })}
              >
                {COUNTDOWN_CHOICES.map((seconds) => (
                  <option key={seconds} value={seconds}>
                    {secondsLabel(seconds)}
                  </option>
                ))}
              </select>
            )}
          </StudioField>
          <StudioField
            name="totalQuantity"
            label="Units at this price"
            error={errors.totalQuantity}
            hint={`1 to ${TOTAL_QUANTITY_MAX.toLocaleString("en")}`}
          >
            {(control) => (
              <input
                {...control}
                type="text"
                inputMode="numeric"
                value={values.totalQuantity}
                onChange={(event) => change({ totalQuantity: event.target.value })}
              />
            )}
          </StudioField>
          <StudioField name="perBuyerLimit" label="Per buyer, at most" error={errors.perBuyerLimit} hint={`1 to ${PER_BUYER_MAX}`}>
            {(control) => (
              <input
                {...control}
                type="text"
                inputMode="numeric"
                value={values.perBuyerLimit}
                onChange={(event) => change({ perBuyerLimit: event.target.value })}
              />
            )}
          </StudioField>
        </div>
        {start.error ? (
          <p className="form-error" role="alert" data-testid="flash-sale-error">
            {start.error.message}
          </p>
        ) : null}
        <div className="studio-form-actions">
          <button type="submit" className="button" disabled={start.isPending} data-testid="flash-sale-start">
            {start.isPending ? "Starting…" : values.startsInSeconds > 0 ? "Start the countdown" : "Start the sale"}
          </button>
          <button type="button" className="button button-secondary" onClick={() => dialogRef.current?.close()}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
