-- CreateIndex
CREATE INDEX "viewer_sessions_leftAt_instanceId_idx" ON "viewer_sessions"("leftAt", "instanceId");

