-- Steps a chat skipped because the database refused them for good.
CREATE TABLE "ChatIncident" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "chatId" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "ref" TEXT,
    "at" DATETIME NOT NULL
);
CREATE INDEX "ChatIncident_chatId_at_idx" ON "ChatIncident"("chatId", "at");
