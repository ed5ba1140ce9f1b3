-- AlterTable
ALTER TABLE "users" ADD COLUMN     "signUpRequestId" TEXT;

-- AlterTable
ALTER TABLE "sessions" ADD COLUMN     "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "api_tokens" ADD COLUMN     "clientRequestId" TEXT;

-- AlterTable
ALTER TABLE "chat_messages" ADD COLUMN     "clientMessageId" TEXT;

-- CreateTable
CREATE TABLE "rate_limits" (
    "key" VARCHAR(255) NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" BIGINT,

    CONSTRAINT "rate_limits_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_signUpRequestId_key" ON "users"("signUpRequestId");

-- CreateIndex
CREATE UNIQUE INDEX "api_tokens_userId_clientRequestId_key" ON "api_tokens"("userId", "clientRequestId");

-- CreateIndex
CREATE UNIQUE INDEX "chat_messages_userId_clientMessageId_key" ON "chat_messages"("userId", "clientMessageId");

