-- CreateIndex
CREATE INDEX "viewer_sessions_leftAt_instanceId_idx" ON "viewer_sessions"("leftAt", "instanceId");

-- CreateIndex
CREATE INDEX "chat_messages_streamId_createdAt_idx" ON "chat_messages"("streamId", "createdAt");
