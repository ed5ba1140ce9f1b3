"use client";

import { COUNTRY_CODES } from "@onair/api/schemas";
import { useId, useMemo } from "react";
import { ADDRESS_LIMITS, type AddressDraft } from "./address";

interface AddressFieldsProps {
  value: AddressDraft;
  onChange: (next: AddressDraft) => void;
  disabled?: boolean;
}

let countryOptions: { code: string; name: string }[] | null = null;

/** Every ISO 3166 country the server accepts, by its English name. */
function allCountries(): { code: string; name: string }[] {
  if (!countryOptions) {
    const names = new Intl.DisplayNames(["en"], { type: "region" });
    countryOptions = [...COUNTRY_CODES]
      .map((code) => ({ code, name: names.of(code) ?? code }))
      .sort((a, b) => a.name.localeCompare(b.name, "en"));
  }
  return countryOptions;
}

const FIELDS: { key: Exclude<keyof AddressDraft, "country">; label: string; autoComplete: string; required: boolean }[] = [
  { key: "name", label: "Full name", autoComplete: "shipping name", required: true },
  { key: "line1", label: "Address", autoComplete: "shipping address-line1", required: true },
  { key: "line2", label: "Address line 2 (optional)", autoComplete: "shipping address-line2", required: false },
  { key: "city", label: "City", autoComplete: "shipping address-level2", required: true },
  { key: "region", label: "State or region (optional)", autoComplete: "shipping address-level1", required: false },
  { key: "postalCode", label: "Postal code", autoComplete: "shipping postal-code", required: true },
];

/** The shipping address fields of the checkout form (the browser checks the required ones first). */
export function AddressFields({ value, onChange, disabled }: AddressFieldsProps) {
  const countries = useMemo(allCountries, []);
  // Labels point at their controls by id: a label wrapping a select would take its options into its name.
  const id = useId();
  const set = (key: keyof AddressDraft) => (event: { target: { value: string } }) => onChange({ ...value, [key]: event.target.value });
  return (
    <fieldset className="shop-address" disabled={disabled}>
      <legend>Shipping address</legend>
      {FIELDS.map((field) => (
        <div key={field.key} className={`shop-field shop-field-${field.key}`}>
          <label htmlFor={`${id}-${field.key}`}>{field.label}</label>
          <input
            id={`${id}-${field.key}`}
            name={field.key}
            value={value[field.key]}
            onChange={set(field.key)}
            autoComplete={field.autoComplete}
            required={field.required}
            maxLength={ADDRESS_LIMITS[field.key]}
          />
        </div>
      ))}
      <div className="shop-field shop-field-country">
        <label htmlFor={`${id}-country`}>Country</label>
        <select
          id={`${id}-country`}
          name="country"
          value={value.country}
          onChange={set("country")}
          autoComplete="shipping country"
          required
        >
          <option value="">Choose a country</option>
          {countries.map((country) => (
            <option key={country.code} value={country.code}>
              {country.name}
            </option>
          ))}
        </select>
      </div>
      <div className="shop-field shop-field-phone">
        <label htmlFor={`${id}-phone`}>Phone (optional)</label>
        <input
          id={`${id}-phone`}
          name="phone"
          type="tel"
          value={value.phone}
          onChange={set("phone")}
          autoComplete="shipping tel"
          maxLength={ADDRESS_LIMITS.phone}
        />
      </div>
    </fieldset>
  );
}
