-- CreateEnum
CREATE TYPE "ChatRetentionMode" AS ENUM ('ARCHIVE', 'DELETE');

-- CreateEnum
CREATE TYPE "NotificationKind" AS ENUM ('MENTION', 'REPLY', 'STREAM_LIVE', 'STREAM_SCHEDULED', 'STREAM_REMINDER', 'ORDER_STATUS', 'MODERATION');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "ModerationAction" ADD VALUE 'PRODUCT_PIN';
ALTER TYPE "ModerationAction" ADD VALUE 'PRODUCT_UNPIN';

-- AlterTable
ALTER TABLE "site_settings" ADD COLUMN     "chatRetentionDays" INTEGER,
ADD COLUMN     "chatRetentionMode" "ChatRetentionMode" NOT NULL DEFAULT 'ARCHIVE';

-- AlterTable
ALTER TABLE "live_streams" ADD COLUMN     "analyticsModeratorsAllowed" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "push_subscriptions" ADD COLUMN     "failures" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "lastSuccessAt" TIMESTAMP(3),
ADD COLUMN     "userAgent" TEXT;

-- CreateTable
CREATE TABLE "stream_metric_minutes" (
    "streamId" TEXT NOT NULL,
    "minute" TIMESTAMP(3) NOT NULL,
    "viewersAvg" DOUBLE PRECISION NOT NULL,
    "viewersMax" INTEGER NOT NULL,
    "uniqueViewers" INTEGER NOT NULL,
    "watchSeconds" INTEGER NOT NULL,
    "messages" INTEGER NOT NULL,
    "chatters" INTEGER NOT NULL,
    "likes" INTEGER NOT NULL,
    "follows" INTEGER NOT NULL,
    "computedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "stream_metric_minutes_pkey" PRIMARY KEY ("streamId","minute")
);

-- CreateTable
CREATE TABLE "stream_metric_cursors" (
    "streamId" TEXT NOT NULL,
    "through" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "stream_metric_cursors_pkey" PRIMARY KEY ("streamId")
);

-- CreateTable
CREATE TABLE "chat_archive_chunks" (
    "id" TEXT NOT NULL,
    "streamId" TEXT NOT NULL,
    "firstAt" TIMESTAMP(3) NOT NULL,
    "lastAt" TIMESTAMP(3) NOT NULL,
    "firstSeq" INTEGER,
    "lastSeq" INTEGER,
    "messageCount" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "chat_archive_chunks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "chat_archive_runs" (
    "id" TEXT NOT NULL,
    "mode" "ChatRetentionMode" NOT NULL,
    "cutoff" TIMESTAMP(3) NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "archived" INTEGER NOT NULL DEFAULT 0,
    "deleted" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,

    CONSTRAINT "chat_archive_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notifications" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "kind" "NotificationKind" NOT NULL,
    "actorId" TEXT,
    "streamId" TEXT,
    "data" JSONB NOT NULL DEFAULT '{}',
    "dedupeKey" TEXT,
    "readAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notifications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_preferences" (
    "userId" TEXT NOT NULL,
    "kind" "NotificationKind" NOT NULL,
    "inApp" BOOLEAN NOT NULL DEFAULT true,
    "push" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "notification_preferences_pkey" PRIMARY KEY ("userId","kind")
);

-- CreateTable
CREATE TABLE "stream_reminders" (
    "userId" TEXT NOT NULL,
    "streamId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "stream_reminders_pkey" PRIMARY KEY ("userId","streamId")
);

-- CreateIndex
CREATE INDEX "chat_archive_chunks_streamId_firstAt_idx" ON "chat_archive_chunks"("streamId", "firstAt");

-- CreateIndex
CREATE INDEX "chat_archive_runs_startedAt_idx" ON "chat_archive_runs"("startedAt");

-- CreateIndex
CREATE INDEX "notifications_userId_createdAt_idx" ON "notifications"("userId", "createdAt");

-- CreateIndex
CREATE INDEX "notifications_userId_readAt_idx" ON "notifications"("userId", "readAt");

-- CreateIndex
CREATE UNIQUE INDEX "notifications_userId_dedupeKey_key" ON "notifications"("userId", "dedupeKey");

-- CreateIndex
CREATE INDEX "stream_reminders_streamId_idx" ON "stream_reminders"("streamId");

-- CreateIndex
CREATE INDEX "chat_messages_createdAt_idx" ON "chat_messages"("createdAt");

-- AddForeignKey
ALTER TABLE "stream_metric_minutes" ADD CONSTRAINT "stream_metric_minutes_streamId_fkey" FOREIGN KEY ("streamId") REFERENCES "live_streams"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stream_metric_cursors" ADD CONSTRAINT "stream_metric_cursors_streamId_fkey" FOREIGN KEY ("streamId") REFERENCES "live_streams"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "chat_archive_chunks" ADD CONSTRAINT "chat_archive_chunks_streamId_fkey" FOREIGN KEY ("streamId") REFERENCES "live_streams"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_streamId_fkey" FOREIGN KEY ("streamId") REFERENCES "live_streams"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification_preferences" ADD CONSTRAINT "notification_preferences_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stream_reminders" ADD CONSTRAINT "stream_reminders_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stream_reminders" ADD CONSTRAINT "stream_reminders_streamId_fkey" FOREIGN KEY ("streamId") REFERENCES "live_streams"("id") ON DELETE CASCADE ON UPDATE CASCADE;

