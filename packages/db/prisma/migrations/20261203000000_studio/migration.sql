-- CreateEnum
CREATE TYPE "StreamCreationPolicy" AS ENUM ('EVERYONE', 'CREATORS');

-- CreateEnum
CREATE TYPE "RecordingStatus" AS ENUM ('RECORDING', 'PROCESSING', 'READY', 'FAILED');

-- AlterEnum
ALTER TYPE "StreamStatus" ADD VALUE 'MISSED';

-- AlterEnum
ALTER TYPE "VideoProvider" ADD VALUE 'INGEST';

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "ModerationAction" ADD VALUE 'CREATOR_GRANT';
ALTER TYPE "ModerationAction" ADD VALUE 'CREATOR_REVOKE';
ALTER TYPE "ModerationAction" ADD VALUE 'SITE_SETTINGS_UPDATE';
ALTER TYPE "ModerationAction" ADD VALUE 'INGEST_KEY_ROTATE';
ALTER TYPE "ModerationAction" ADD VALUE 'STREAM_AUTO_END';
ALTER TYPE "ModerationAction" ADD VALUE 'STREAM_MISSED';

-- AlterTable
ALTER TABLE "users" ADD COLUMN     "canCreateStreams" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "live_streams" ADD COLUMN     "autoGoLive" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "ingestConnectedAt" TIMESTAMP(3),
ADD COLUMN     "ingestHealth" JSONB,
ADD COLUMN     "ingestKey" TEXT,
ADD COLUMN     "ingestLastDataAt" TIMESTAMP(3),
ADD COLUMN     "replayUrl" TEXT,
ADD COLUMN     "thumbnailKey" TEXT;

-- DropTable
DROP TABLE "jobs";

-- DropEnum
DROP TYPE "JobStatus";

-- CreateTable
CREATE TABLE "site_settings" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "streamCreation" "StreamCreationPolicy" NOT NULL DEFAULT 'CREATORS',
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "site_settings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "recordings" (
    "id" TEXT NOT NULL,
    "streamId" TEXT NOT NULL,
    "status" "RecordingStatus" NOT NULL DEFAULT 'RECORDING',
    "startedAt" TIMESTAMP(3) NOT NULL,
    "endedAt" TIMESTAMP(3),
    "durationMs" INTEGER,
    "sourcePath" TEXT NOT NULL,
    "storageKey" TEXT,
    "bytes" BIGINT,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "recordings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "server_instances" (
    "id" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "server_instances_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "recordings_streamId_startedAt_idx" ON "recordings"("streamId", "startedAt");

-- CreateIndex
CREATE INDEX "recordings_status_idx" ON "recordings"("status");

-- CreateIndex
CREATE INDEX "server_instances_lastSeenAt_idx" ON "server_instances"("lastSeenAt");

-- CreateIndex
CREATE UNIQUE INDEX "live_streams_ingestKey_key" ON "live_streams"("ingestKey");

-- AddForeignKey
ALTER TABLE "recordings" ADD CONSTRAINT "recordings_streamId_fkey" FOREIGN KEY ("streamId") REFERENCES "live_streams"("id") ON DELETE CASCADE ON UPDATE CASCADE;

