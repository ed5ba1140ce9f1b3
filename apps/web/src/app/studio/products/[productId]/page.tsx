import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { CannotSell } from "~/components/shop/seller/cannot-sell";
import { ProductEditor } from "~/components/shop/seller/product-editor";
import { serverApi } from "~/server/services";
import "~/components/studio/studio.css";
import "~/components/shop/seller/seller.css";

export const metadata: Metadata = { title: "Edit product" };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ productId: string }>; searchParams: Promise<{ created?: string }> };

export default async function EditProductPage({ params, searchParams }: Props) {
  const { productId } = await params;
  const api = await serverApi();
  const me = await api.account.me();
  if (!me) redirect(`/signin?callbackUrl=${encodeURIComponent(`/studio/products/${productId}`)}`);
  const capabilities = await api.studio.capabilities();
  if (!capabilities.canCreate) return <CannotSell reason={capabilities.reason} />;
  let product;
  try {
    product = await api.product.get({ productId });
  } catch (error) {
    // Another creator's product reads as missing: the server never says it exists.
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) notFound();
    throw error;
  }
  return <ProductEditor product={product} created={(await searchParams).created === "1"} />;
}
