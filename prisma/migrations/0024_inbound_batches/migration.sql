-- Large webhook batches held until drained into the chats (src/channels/inbox/).
CREATE TABLE "InboundBatch" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "channelId" TEXT NOT NULL,
    "channelType" TEXT NOT NULL,
    "events" TEXT NOT NULL,
    "eventCount" INTEGER NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "leaseOwner" TEXT,
    "leaseUntil" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX "InboundBatch_channelId_createdAt_idx" ON "InboundBatch"("channelId", "createdAt");
CREATE INDEX "InboundBatch_createdAt_idx" ON "InboundBatch"("createdAt");
