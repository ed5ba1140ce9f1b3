-- CreateIndex
CREATE INDEX "orders_status_payBy_idx" ON "orders"("status", "payBy");

