import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { CannotSell } from "~/components/shop/seller/cannot-sell";
import { ProductCatalog } from "~/components/shop/seller/product-catalog";
import { catalogInput } from "~/components/shop/seller/catalog-query";
import { serverApi } from "~/server/services";
import { getQueryClient, HydrateClient, trpc } from "~/trpc/server";
import "~/components/studio/studio.css";
import "~/components/shop/seller/seller.css";

export const metadata: Metadata = { title: "Products" };
export const dynamic = "force-dynamic";

export default async function ProductsPage() {
  const api = await serverApi();
  const me = await api.account.me();
  if (!me) redirect(`/signin?callbackUrl=${encodeURIComponent("/studio/products")}`);
  const capabilities = await api.studio.capabilities();
  if (!capabilities.canCreate) return <CannotSell reason={capabilities.reason} />;

  const queryClient = getQueryClient();
  await queryClient.prefetchInfiniteQuery(
    trpc.product.list.infiniteQueryOptions(catalogInput("ACTIVE", ""), { getNextPageParam: (page) => page.nextCursor }),
  );
  return (
    <HydrateClient>
      <ProductCatalog />
    </HydrateClient>
  );
}
