-- Steps a chat skipped because the database refused them for good.
CREATE TABLE "ChatIncident" (
    "id" TEXT NOT NULL,
    "chatId" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "ref" TEXT,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ChatIncident_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "ChatIncident_chatId_at_idx" ON "ChatIncident"("chatId", "at");
