"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useTRPC } from "~/lib/trpc";
import { StudioField, StudioFormFooter } from "../../studio/studio-field";
import { currencyLabel, supportedCurrencies } from "./money";
import {
  DESCRIPTION_MAX,
  TITLE_MAX,
  checkProductForm,
  emptyProductForm,
  productServerErrors,
  productToForm,
  type ProductFormErrors,
  type ProductFormValues,
} from "./product-form";
import { ProductImagesField } from "./product-images-field";
import type { ProductView } from "./types";
import { VariantsField } from "./variants-field";

/** Listed first in the currency select; the rest follow by code. */
const COMMON_CURRENCIES = ["USD", "EUR", "GBP", "JPY", "CAD", "AUD", "INR", "BRL", "MXN", "VND"];

/**
 * Create or edit a product. Checked here first (the server's bounds and sentences), then by the
 * server, whose refusals go next to the fields they concern. What was typed stays after any error.
 */
export function ProductEditor({
  product,
  created = false,
}: {
  product: ProductView | null;
  /** Just created: say so. */ created?: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [values, setValues] = useState<ProductFormValues>(() => (product ? productToForm(product) : emptyProductForm()));
  const [checked, setChecked] = useState(false);
  const [outcome, setOutcome] = useState<string | null>(created ? "Product created." : null);
  const create = useMutation(trpc.product.create.mutationOptions());
  const update = useMutation(trpc.product.update.mutationOptions());
  const save = product ? update : create;

  const clientErrors: ProductFormErrors = checked ? (checkProductForm(values).errors ?? {}) : {};
  const server = productServerErrors(save.error);
  const errors: ProductFormErrors = { ...server.fields, ...clientErrors };

  function change(changes: Partial<ProductFormValues>) {
    setOutcome(null);
    setValues((current) => ({ ...current, ...changes }));
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    setChecked(true);
    setOutcome(null);
    save.reset();
    const result = checkProductForm(values);
    if (!result.input) {
      focusFirstProblem(form, result.errors);
      return;
    }
    try {
      if (product) {
        const saved = await update.mutateAsync({ productId: product.id, ...result.input });
        // The saved variants get their ids: the next save edits them rather than adding new ones.
        setValues(productToForm(saved));
        queryClient.setQueryData(trpc.product.get.queryKey({ productId: saved.id }), saved);
        await queryClient.invalidateQueries(trpc.product.list.pathFilter());
        await queryClient.invalidateQueries(trpc.shelf.offerable.pathFilter());
        setOutcome("Saved.");
      } else {
        const made = await create.mutateAsync(result.input);
        await queryClient.invalidateQueries(trpc.product.list.pathFilter());
        await queryClient.invalidateQueries(trpc.shelf.offerable.pathFilter());
        router.push(`/studio/products/${made.id}?created=1`);
      }
    } catch (error) {
      const refused = error instanceof Error ? (error as Error & { data?: unknown }) : null;
      requestAnimationFrame(() => focusFirstProblem(form, productServerErrors(refused).fields));
    }
  }

  const currencies = supportedCurrencies();
  const common = COMMON_CURRENCIES.filter((code) => currencies.includes(code));
  const others = currencies.filter((code) => !common.includes(code));

  return (
    <div className="studio seller-editor">
      <p className="studio-back">
        <Link href="/studio/products">← Products</Link>
      </p>
      <h1>{product ? "Edit product" : "New product"}</h1>
      {product?.status === "ARCHIVED" ? (
        <p className="muted" role="note">
          This product is archived: restore it from the catalog to offer it again.
        </p>
      ) : null}
      <form
        className="studio-form studio-panel"
        noValidate
        onSubmit={(event) => void submit(event)}
        data-testid="product-form"
        aria-busy={save.isPending}
      >
        <StudioField
          name="title"
          label={
            <>
              Title{" "}
              <span className={`studio-counter${values.title.length > TITLE_MAX ? " studio-counter-over" : ""}`} aria-hidden="true">
                {values.title.length}/{TITLE_MAX}
              </span>
            </>
          }
          error={errors.title}
        >
          {(control) => <input {...control} type="text" value={values.title} onChange={(event) => change({ title: event.target.value })} />}
        </StudioField>

        <StudioField
          name="description"
          label="Description (optional)"
          error={errors.description}
          hint={`Up to ${DESCRIPTION_MAX.toLocaleString("en")} characters; buyers read it before they buy.`}
        >
          {(control) => (
            <textarea {...control} rows={4} value={values.description} onChange={(event) => change({ description: event.target.value })} />
          )}
        </StudioField>

        <div className="seller-price-row">
          <StudioField name="price" label="Price" error={errors.price} hint="For example 12.50; options can cost more or less.">
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
          <StudioField name="currency" label="Currency" error={errors.currency}>
            {(control) => (
              <select {...control} value={values.currency} onChange={(event) => change({ currency: event.target.value })}>
                <optgroup label="Common">
                  {common.map((code) => (
                    <option key={code} value={code}>
                      {currencyLabel(code)}
                    </option>
                  ))}
                </optgroup>
                <optgroup label="All currencies">
                  {others.map((code) => (
                    <option key={code} value={code}>
                      {currencyLabel(code)}
                    </option>
                  ))}
                </optgroup>
              </select>
            )}
          </StudioField>
        </div>

        <ProductImagesField images={values.images} onChange={(images) => change({ images })} error={errors.images} />

        <VariantsField rows={values.variants} productPrice={values.price} errors={errors} onChange={(variants) => change({ variants })} />

        <StudioFormFooter
          submitLabel={product ? "Save changes" : "Create product"}
          busy={save.isPending}
          outcome={outcome}
          serverError={server.line}
          fieldsMarked={checked && Object.keys(clientErrors).length > 0}
          submitTestId="product-save"
          errorTestId="product-form-error"
        />
      </form>
    </div>
  );
}

/** Moves focus to the first field with a problem (in page order). */
function focusFirstProblem(form: HTMLFormElement, problems: ProductFormErrors) {
  const names = Object.keys(problems);
  const fields = Array.from(form.querySelectorAll<HTMLElement>("[data-field]"));
  const first = fields.find((field) => names.some((name) => name === field.dataset.field || name.startsWith(`${field.dataset.field}.`)));
  first?.querySelector<HTMLElement>("[aria-invalid='true'], input:not([disabled]), textarea, select")?.focus();
}
