-- Live events (GET /api/v1/events).
CREATE TABLE "ChatEvent" (
    "id" SERIAL NOT NULL,
    "type" TEXT NOT NULL,
    "chatId" TEXT NOT NULL,
    "data" TEXT NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChatEvent_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "ChatEvent_createdAt_idx" ON "ChatEvent"("createdAt");
