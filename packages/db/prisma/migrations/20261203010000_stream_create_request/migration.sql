-- AlterTable
ALTER TABLE "live_streams" ADD COLUMN     "createRequestId" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "live_streams_ownerId_createRequestId_key" ON "live_streams"("ownerId", "createRequestId");

