-- CreateEnum
CREATE TYPE "ProductStatus" AS ENUM ('ACTIVE', 'ARCHIVED');

-- CreateEnum
CREATE TYPE "CheckoutStatus" AS ENUM ('OPEN', 'PLACED', 'EXPIRED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "PaymentProviderId" AS ENUM ('COD', 'STRIPE');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "ModerationAction" ADD VALUE 'ORDER_CANCEL';
ALTER TYPE "ModerationAction" ADD VALUE 'ORDER_REFUND';
ALTER TYPE "ModerationAction" ADD VALUE 'FLASH_SALE_START';
ALTER TYPE "ModerationAction" ADD VALUE 'FLASH_SALE_STOP';

-- AlterEnum
ALTER TYPE "OrderStatus" ADD VALUE 'FULFILLED';

-- DropForeignKey
ALTER TABLE "pinned_products" DROP CONSTRAINT "pinned_products_streamId_fkey";

-- DropForeignKey
ALTER TABLE "pinned_products" DROP CONSTRAINT "pinned_products_productId_fkey";

-- DropIndex
DROP INDEX "products_ownerId_idx";

-- AlterTable
ALTER TABLE "live_streams" ADD COLUMN     "shopModeratorsAllowed" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable: products keep their rows (name becomes title; stock moves to a default variant below).
ALTER TABLE "products" RENAME COLUMN "name" TO "title";
ALTER TABLE "products" ADD COLUMN     "imageKeys" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "status" "ProductStatus" NOT NULL DEFAULT 'ACTIVE',
ALTER COLUMN "currency" DROP DEFAULT,
ALTER COLUMN "currency" SET DATA TYPE CHAR(3);
UPDATE "products" SET "status" = 'ARCHIVED' WHERE NOT "active";

-- AlterTable
-- Nothing placed orders before this migration: the table is empty, so the new required columns need no defaults.
ALTER TABLE "orders" ADD COLUMN     "cancelledAt" TIMESTAMP(3),
ADD COLUMN     "checkoutId" TEXT NOT NULL,
ADD COLUMN     "flashSaleId" TEXT,
ADD COLUMN     "fulfilledAt" TIMESTAMP(3),
ADD COLUMN     "number" TEXT NOT NULL,
ADD COLUMN     "paidAt" TIMESTAMP(3),
ADD COLUMN     "payBy" TIMESTAMP(3),
ADD COLUMN     "paymentProvider" "PaymentProviderId" NOT NULL,
ADD COLUMN     "paymentRef" TEXT,
ADD COLUMN     "productTitle" TEXT NOT NULL,
ADD COLUMN     "refundedAt" TIMESTAMP(3),
ADD COLUMN     "sellerId" TEXT NOT NULL,
ADD COLUMN     "shippingAddress" JSONB NOT NULL,
ADD COLUMN     "variantId" TEXT NOT NULL,
ADD COLUMN     "variantName" TEXT NOT NULL,
ALTER COLUMN "currency" SET DATA TYPE CHAR(3);

-- DropTable
DROP TABLE "pinned_products";

-- CreateTable
CREATE TABLE "product_variants" (
    "id" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "priceCents" INTEGER,
    "stock" INTEGER,
    "archived" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "product_variants_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "product_variants_stock_not_negative" CHECK ("stock" IS NULL OR "stock" >= 0),
    CONSTRAINT "product_variants_price_not_negative" CHECK ("priceCents" IS NULL OR "priceCents" >= 0)
);

-- Every product has at least one variant: the old per-product stock becomes its default variant's ("").
INSERT INTO "product_variants" ("id", "productId", "name", "position", "stock", "updatedAt")
SELECT 'v' || "id", "id", '', 0, "stock", CURRENT_TIMESTAMP FROM "products";
ALTER TABLE "products" DROP COLUMN "active", DROP COLUMN "imageUrl", DROP COLUMN "stock";

-- CreateTable
CREATE TABLE "stream_products" (
    "streamId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "pinnedAt" TIMESTAMP(3),
    "soldOut" BOOLEAN NOT NULL DEFAULT false,
    "addedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "stream_products_pkey" PRIMARY KEY ("streamId","productId")
);

-- CreateTable
CREATE TABLE "flash_sales" (
    "id" TEXT NOT NULL,
    "streamId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "priceCents" INTEGER NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3) NOT NULL,
    "totalQuantity" INTEGER NOT NULL,
    "perBuyerLimit" INTEGER NOT NULL,
    "soldQuantity" INTEGER NOT NULL DEFAULT 0,
    "createdById" TEXT NOT NULL,
    "cancelledAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "flash_sales_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "flash_sales_sold_within_total" CHECK ("soldQuantity" >= 0 AND "soldQuantity" <= "totalQuantity")
);

-- CreateTable
CREATE TABLE "flash_sale_buyers" (
    "flashSaleId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,

    CONSTRAINT "flash_sale_buyers_pkey" PRIMARY KEY ("flashSaleId","userId"),
    CONSTRAINT "flash_sale_buyers_quantity_not_negative" CHECK ("quantity" >= 0)
);

-- CreateTable
CREATE TABLE "checkouts" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "streamId" TEXT,
    "productId" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "unitPriceCents" INTEGER NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "flashSaleId" TEXT,
    "status" "CheckoutStatus" NOT NULL DEFAULT 'OPEN',
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "requestId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "checkouts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "payment_events" (
    "id" TEXT NOT NULL,
    "provider" "PaymentProviderId" NOT NULL,
    "providerEventId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "orderId" TEXT,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "payment_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "shop_metric_minutes" (
    "streamId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "minute" TIMESTAMP(3) NOT NULL,
    "impressions" INTEGER NOT NULL DEFAULT 0,
    "opens" INTEGER NOT NULL DEFAULT 0,
    "checkoutsStarted" INTEGER NOT NULL DEFAULT 0,
    "orders" INTEGER NOT NULL DEFAULT 0,
    "units" INTEGER NOT NULL DEFAULT 0,
    "revenueCents" BIGINT NOT NULL DEFAULT 0,
    "currency" CHAR(3) NOT NULL,

    CONSTRAINT "shop_metric_minutes_pkey" PRIMARY KEY ("streamId","minute","productId")
);

-- CreateIndex
CREATE INDEX "product_variants_productId_position_idx" ON "product_variants"("productId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "product_variants_productId_name_key" ON "product_variants"("productId", "name");

-- CreateIndex
CREATE INDEX "stream_products_streamId_position_idx" ON "stream_products"("streamId", "position");

-- CreateIndex
CREATE INDEX "stream_products_productId_idx" ON "stream_products"("productId");

-- CreateIndex
CREATE INDEX "flash_sales_streamId_endsAt_idx" ON "flash_sales"("streamId", "endsAt");

-- CreateIndex
CREATE INDEX "flash_sales_productId_endsAt_idx" ON "flash_sales"("productId", "endsAt");

-- CreateIndex
CREATE INDEX "checkouts_userId_status_idx" ON "checkouts"("userId", "status");

-- CreateIndex
CREATE INDEX "checkouts_status_expiresAt_idx" ON "checkouts"("status", "expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "checkouts_userId_requestId_key" ON "checkouts"("userId", "requestId");

-- CreateIndex
CREATE UNIQUE INDEX "payment_events_provider_providerEventId_key" ON "payment_events"("provider", "providerEventId");

ALTER TABLE "products" ADD CONSTRAINT "products_price_not_negative" CHECK ("priceCents" >= 0);

-- CreateIndex
CREATE INDEX "products_ownerId_status_updatedAt_idx" ON "products"("ownerId", "status", "updatedAt");

-- CreateIndex
CREATE UNIQUE INDEX "orders_number_key" ON "orders"("number");

-- CreateIndex
CREATE UNIQUE INDEX "orders_checkoutId_key" ON "orders"("checkoutId");

-- CreateIndex
CREATE UNIQUE INDEX "orders_paymentRef_key" ON "orders"("paymentRef");

-- CreateIndex
CREATE INDEX "orders_sellerId_createdAt_idx" ON "orders"("sellerId", "createdAt");

-- AddForeignKey
ALTER TABLE "product_variants" ADD CONSTRAINT "product_variants_productId_fkey" FOREIGN KEY ("productId") REFERENCES "products"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stream_products" ADD CONSTRAINT "stream_products_streamId_fkey" FOREIGN KEY ("streamId") REFERENCES "live_streams"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stream_products" ADD CONSTRAINT "stream_products_productId_fkey" FOREIGN KEY ("productId") REFERENCES "products"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "flash_sales" ADD CONSTRAINT "flash_sales_streamId_fkey" FOREIGN KEY ("streamId") REFERENCES "live_streams"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "flash_sales" ADD CONSTRAINT "flash_sales_productId_fkey" FOREIGN KEY ("productId") REFERENCES "products"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "flash_sales" ADD CONSTRAINT "flash_sales_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "flash_sale_buyers" ADD CONSTRAINT "flash_sale_buyers_flashSaleId_fkey" FOREIGN KEY ("flashSaleId") REFERENCES "flash_sales"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "flash_sale_buyers" ADD CONSTRAINT "flash_sale_buyers_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "checkouts" ADD CONSTRAINT "checkouts_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "checkouts" ADD CONSTRAINT "checkouts_streamId_fkey" FOREIGN KEY ("streamId") REFERENCES "live_streams"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "checkouts" ADD CONSTRAINT "checkouts_productId_fkey" FOREIGN KEY ("productId") REFERENCES "products"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "checkouts" ADD CONSTRAINT "checkouts_variantId_fkey" FOREIGN KEY ("variantId") REFERENCES "product_variants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "checkouts" ADD CONSTRAINT "checkouts_flashSaleId_fkey" FOREIGN KEY ("flashSaleId") REFERENCES "flash_sales"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "orders" ADD CONSTRAINT "orders_checkoutId_fkey" FOREIGN KEY ("checkoutId") REFERENCES "checkouts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "orders" ADD CONSTRAINT "orders_sellerId_fkey" FOREIGN KEY ("sellerId") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "orders" ADD CONSTRAINT "orders_variantId_fkey" FOREIGN KEY ("variantId") REFERENCES "product_variants"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "orders" ADD CONSTRAINT "orders_flashSaleId_fkey" FOREIGN KEY ("flashSaleId") REFERENCES "flash_sales"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payment_events" ADD CONSTRAINT "payment_events_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "orders"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "shop_metric_minutes" ADD CONSTRAINT "shop_metric_minutes_streamId_fkey" FOREIGN KEY ("streamId") REFERENCES "live_streams"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "shop_metric_minutes" ADD CONSTRAINT "shop_metric_minutes_productId_fkey" FOREIGN KEY ("productId") REFERENCES "products"("id") ON DELETE CASCADE ON UPDATE CASCADE;

