import Link from "next/link";

/** The catalog's pages for someone who may not create streams (and so may not sell). */
export function CannotSell({ reason }: { reason: string | null }) {
  return (
    <div className="centered-card" data-testid="shop-cannot-sell">
      <h1>You cannot sell yet</h1>
      <p className="muted">{reason ?? "Only creators can sell: ask an admin."}</p>
      <Link href="/studio">Back to the studio</Link>
    </div>
  );
}
