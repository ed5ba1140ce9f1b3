/** The shipping address form's fields as typed (every one a string; blank optional ones are left out when sent). */
export interface AddressDraft {
  name: string;
  line1: string;
  line2: string;
  city: string;
  region: string;
  postalCode: string;
  country: string;
  phone: string;
}

/** The checkout's shipping address as checkout.place takes it. */
export interface ShippingAddressInput {
  name: string;
  line1: string;
  line2?: string;
  city: string;
  region?: string;
  postalCode: string;
  country: string;
  phone?: string;
}

/** Each field's longest value (the server's limits). */
export const ADDRESS_LIMITS: Record<keyof AddressDraft, number> = {
  name: 100,
  line1: 200,
  line2: 200,
  city: 100,
  region: 100,
  postalCode: 20,
  country: 2,
  phone: 30,
};

export const EMPTY_ADDRESS: AddressDraft = { name: "", line1: "", line2: "", city: "", region: "", postalCode: "", country: "", phone: "" };

/** Where the buyer's last address is remembered (this browser only). */
export const ADDRESS_STORAGE_KEY = "onair.shop.lastAddress";

/** A remembered address read back: anything missing, too long or of the wrong type becomes blank. */
export function parseStoredAddress(raw: string | null): AddressDraft | null {
  if (!raw) return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const record = value as Record<string, unknown>;
  const draft = { ...EMPTY_ADDRESS };
  for (const key of Object.keys(EMPTY_ADDRESS) as (keyof AddressDraft)[]) {
    const field = record[key];
    if (typeof field === "string" && field.length <= ADDRESS_LIMITS[key]) draft[key] = field;
  }
  return draft;
}

/** What checkout.place takes: trimmed, the country upper-case, blank optional fields left out. */
export function toShippingAddress(draft: AddressDraft): ShippingAddressInput {
  const optional = (value: string) => (value.trim() === "" ? undefined : value.trim());
  return {
    name: draft.name.trim(),
    line1: draft.line1.trim(),
    line2: optional(draft.line2),
    city: draft.city.trim(),
    region: optional(draft.region),
    postalCode: draft.postalCode.trim(),
    country: draft.country.trim().toUpperCase(),
    phone: optional(draft.phone),
  };
}

/** The region of a browser language tag ("en-GB" → "GB"), a likely default country; null when it names none. */
export function regionOfLocale(locale: string | undefined): string | null {
  if (!locale) return null;
  try {
    const region = new Intl.Locale(locale).maximize().region;
    return region && /^[A-Z]{2}$/.test(region) ? region : null;
  } catch {
    return null;
  }
}

/** A random RFC 4122 version 4 UUID: checkout.start's requestId, one per buying attempt. */
export function newCheckoutRequestId(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  // crypto.randomUUID exists only on secure origins (https, localhost).
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
