import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { OrderDetail } from "~/components/shop/order-detail";
import { serverApi } from "~/server/services";
import "~/components/shop/shop.css";

export const metadata: Metadata = { title: "Order" };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

export default async function OrderPage({ params }: Props) {
  const { id } = await params;
  const api = await serverApi();
  const me = await api.account.me();
  if (!me) redirect(`/signin?callbackUrl=${encodeURIComponent(`/orders/${id}`)}`);
  try {
    return <OrderDetail order={await api.orders.get({ orderId: id })} />;
  } catch (error) {
    // Someone else's order reads as no order at all.
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) notFound();
    throw error;
  }
}
