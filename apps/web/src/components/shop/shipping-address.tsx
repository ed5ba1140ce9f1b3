import type { RouterOutputs } from "@onair/api";

type ShippingAddress = RouterOutputs["orders"]["get"]["shippingAddress"];

/** The country's English name for an ISO 3166 code (an unknown code is shown as it is). */
function countryName(code: string): string {
  try {
    return new Intl.DisplayNames(["en"], { type: "region" }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** An order's shipping address as lines (name, street, city, country), for the buyer's order page and the seller's order detail; the phone is each caller's own. */
export function ShippingAddressLines({ address }: { address: ShippingAddress }) {
  return (
    <>
      <bdi>{address.name}</bdi>
      <br />
      <bdi>{address.line1}</bdi>
      {address.line2 ? (
        <>
          <br />
          <bdi>{address.line2}</bdi>
        </>
      ) : null}
      <br />
      <bdi>
        {address.postalCode} {address.city}
        {address.region ? `, ${address.region}` : ""}
      </bdi>
      <br />
      {countryName(address.country)}
    </>
  );
}
