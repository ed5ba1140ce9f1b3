"use client";

import { VARIANT_NAME_MAX, VARIANTS_MAX, emptyVariantRow, type ProductFormErrors, type VariantRow } from "./product-form";

interface VariantsFieldProps {
  rows: VariantRow[];
  /** The product's price as typed: what an option without its own price costs. */
  productPrice: string;
  errors: ProductFormErrors;
  onChange: (rows: VariantRow[]) => void;
}

/**
 * The options a buyer picks from (sizes, colours), each with its stock (blank: unlimited) and an
 * optional price of its own. A product without options is one row with no name.
 */
export function VariantsField({ rows, productPrice, errors, onChange }: VariantsFieldProps) {
  const several = rows.length > 1;
  const update = (rowKey: string, changes: Partial<VariantRow>) =>
    onChange(rows.map((row) => (row.rowKey === rowKey ? { ...row, ...changes } : row)));

  return (
    <fieldset className="studio-fieldset seller-variants" data-field="variants">
      <legend>Options and stock</legend>
      <p className="studio-hint muted">
        One row for a product without options. Add rows for sizes or colours: each has its own stock (leave it blank for unlimited) and, if
        it costs more or less, its own price. Removed options stay on past orders.
      </p>
      <table className="seller-variants-table">
        <thead>
          <tr>
            <th scope="col">Name{several ? "" : " (optional)"}</th>
            <th scope="col">Own price</th>
            <th scope="col">Stock</th>
            <th scope="col">
              <span className="visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => {
            const number = index + 1;
            const nameError = errors[`variants.${index}.name`];
            const priceError = errors[`variants.${index}.price`];
            const stockError = errors[`variants.${index}.stock`];
            const errorId = (field: string) => `variant-${row.rowKey}-${field}-error`;
            return (
              <tr key={row.rowKey} data-testid="variant-row" data-field={`variants.${index}`}>
                <td data-label="Name">
                  <input
                    type="text"
                    aria-label={`Option ${number} name`}
                    placeholder={several ? "e.g. Small" : "No options"}
                    maxLength={VARIANT_NAME_MAX + 10}
                    value={row.name}
                    onChange={(event) => update(row.rowKey, { name: event.target.value })}
                    {...(nameError ? { "aria-invalid": true, "aria-describedby": errorId("name") } : {})}
                  />
                  {nameError ? (
                    <p id={errorId("name")} className="form-error studio-field-error">
                      {nameError}
                    </p>
                  ) : null}
                </td>
                <td data-label="Own price">
                  <input
                    type="text"
                    inputMode="decimal"
                    aria-label={`Option ${number} price`}
                    placeholder={productPrice.trim() ? productPrice.trim() : "Product's price"}
                    value={row.price}
                    onChange={(event) => update(row.rowKey, { price: event.target.value })}
                    {...(priceError ? { "aria-invalid": true, "aria-describedby": errorId("price") } : {})}
                  />
                  {priceError ? (
                    <p id={errorId("price")} className="form-error studio-field-error">
                      {priceError}
                    </p>
                  ) : null}
                </td>
                <td data-label="Stock">
                  <input
                    type="text"
                    inputMode="numeric"
                    aria-label={`Option ${number} stock`}
                    placeholder="Unlimited"
                    value={row.stock}
                    onChange={(event) => update(row.rowKey, { stock: event.target.value })}
                    {...(stockError ? { "aria-invalid": true, "aria-describedby": errorId("stock") } : {})}
                  />
                  {stockError ? (
                    <p id={errorId("stock")} className="form-error studio-field-error">
                      {stockError}
                    </p>
                  ) : null}
                </td>
                <td className="seller-variants-remove">
                  <button
                    type="button"
                    className="seller-icon-button seller-icon-danger"
                    disabled={rows.length === 1}
                    onClick={() => onChange(rows.filter((other) => other.rowKey !== row.rowKey))}
                    aria-label={`Remove option ${number}`}
                  >
                    ×
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div>
        <button
          type="button"
          className="button button-small button-secondary"
          disabled={rows.length >= VARIANTS_MAX}
          onClick={() => onChange([...rows, emptyVariantRow()])}
          data-testid="variant-add"
        >
          Add option
        </button>
      </div>
      {errors.variants ? (
        <p className="form-error studio-field-error" data-testid="error-variants">
          {errors.variants}
        </p>
      ) : null}
    </fieldset>
  );
}
