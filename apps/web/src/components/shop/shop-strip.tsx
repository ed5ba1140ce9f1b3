"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";
import { useStreamEvents } from "../stream/stream-events";
import { ProductCard } from "./product-card";
import { pinnedProducts } from "./shelf-state";
import { ShopSheet, type SheetStep } from "./shop-sheet";
import { useServerNow } from "./use-server-now";
import "./shop.css";

interface ShopStripProps {
  streamId: string;
  signedIn: boolean;
  /** The stream has ended: nothing can be bought any more. */
  ended: boolean;
}

/**
 * The stream page's shop: up to three pinned product cards under the video and a "Shop (N)" button,
 * both opening the sheet. Follows the shelf live from the page's stream.onEvents subscription.
 */
export function ShopStrip({ streamId, signedIn, ended }: ShopStripProps) {
  const { shelf: shelfState } = useStreamEvents();
  const { shelf, clockOffsetMs } = shelfState;
  const pinned = pinnedProducts(shelfState);
  const [step, setStep] = useState<SheetStep | null>(null);
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const reopen = searchParams.get("shop");

  // Back from sign-in (?shop=<productId>): the product the viewer was buying opens again, and the address bar is tidied.
  useEffect(() => {
    if (!reopen || ended) return;
    setStep({ step: "product", productId: reopen });
    router.replace(pathname, { scroll: false });
  }, [reopen, ended, pathname, router]);

  const counting = step?.step === "checkout" || (step !== null ? shelf : pinned).some((product) => product.flashSale !== null && !ended);
  const serverNow = useServerNow(clockOffsetMs, counting);

  // A sheet already open stays (a checkout in progress is not lost when the shelf or the stream changes).
  if (step === null && (ended || shelf.length === 0)) return null;

  return (
    <section className="shop-strip" aria-label="Shop" data-testid="shop-strip" data-live={shelfState.live}>
      {pinned.length > 0 && !ended ? (
        <div className="shop-cards" data-testid="shop-pinned">
          {pinned.map((product) => (
            <ProductCard
              key={product.productId}
              product={product}
              serverNow={serverNow}
              onOpen={(productId) => setStep({ step: "product", productId })}
            />
          ))}
        </div>
      ) : null}
      <button type="button" className="button button-small shop-open" onClick={() => setStep({ step: "shelf" })} data-testid="shop-open">
        Shop ({shelf.length})
      </button>
      {step ? (
        <ShopSheet
          streamId={streamId}
          shelf={shelf}
          serverNow={serverNow}
          clockOffsetMs={clockOffsetMs}
          signedIn={signedIn}
          streamPath={pathname}
          step={step}
          onStep={setStep}
          onClose={() => setStep(null)}
        />
      ) : null}
    </section>
  );
}
