-- Retention (docs/design.md, "Retention"): a closed chat whose content the
-- daily run removed keeps its row as anonymous figures and is marked here, so
-- the next run skips it. The index finds the closed chats old enough.
ALTER TABLE "Chat" ADD COLUMN "anonymisedAt" DATETIME;
CREATE INDEX "Chat_status_closedAt_idx" ON "Chat"("status", "closedAt");
