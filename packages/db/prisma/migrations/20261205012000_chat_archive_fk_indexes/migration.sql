-- The chat archiver deletes old messages in batches. Each delete makes PostgreSQL
-- look up the rows whose foreign keys point at the message (ON DELETE SET NULL),
-- and the archiver itself keeps messages that replies or audit entries name:
-- without these indexes every deleted message costs a scan of both tables.

-- CreateIndex
CREATE INDEX "chat_messages_replyToId_idx" ON "chat_messages"("replyToId");

-- CreateIndex
CREATE INDEX "moderation_logs_targetMessageId_idx" ON "moderation_logs"("targetMessageId");
