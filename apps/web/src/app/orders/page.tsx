import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { MY_ORDERS_INPUT, MyOrders } from "~/components/shop/my-orders";
import { serverApi } from "~/server/services";
import { getQueryClient, HydrateClient, trpc } from "~/trpc/server";
import "~/components/shop/shop.css";

export const metadata: Metadata = { title: "My orders" };
export const dynamic = "force-dynamic";

export default async function OrdersPage() {
  const api = await serverApi();
  const me = await api.account.me();
  if (!me) redirect(`/signin?callbackUrl=${encodeURIComponent("/orders")}`);

  const queryClient = getQueryClient();
  await queryClient.prefetchInfiniteQuery(
    trpc.orders.mine.infiniteQueryOptions(MY_ORDERS_INPUT, { getNextPageParam: (page) => page.nextCursor }),
  );
  return (
    <HydrateClient>
      <MyOrders />
    </HydrateClient>
  );
}
