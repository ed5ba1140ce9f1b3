import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { CannotSell } from "~/components/shop/seller/cannot-sell";
import { ProductEditor } from "~/components/shop/seller/product-editor";
import { serverApi } from "~/server/services";
import "~/components/studio/studio.css";
import "~/components/shop/seller/seller.css";

export const metadata: Metadata = { title: "New product" };
export const dynamic = "force-dynamic";

export default async function NewProductPage() {
  const api = await serverApi();
  const me = await api.account.me();
  if (!me) redirect(`/signin?callbackUrl=${encodeURIComponent("/studio/products/new")}`);
  const capabilities = await api.studio.capabilities();
  if (!capabilities.canCreate) return <CannotSell reason={capabilities.reason} />;
  return <ProductEditor product={null} />;
}
