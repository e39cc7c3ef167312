-- How far each attendant has read each chat: the last message they saw, by
-- its place in the chat. The chat lists count customer messages after it.
-- CreateTable
CREATE TABLE "ChatRead" (
    "attendantId" TEXT NOT NULL,
    "chatId" TEXT NOT NULL,
    "lastReadAt" DATETIME NOT NULL,
    "lastReadMessageId" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("attendantId", "chatId"),
    CONSTRAINT "ChatRead_attendantId_fkey" FOREIGN KEY ("attendantId") REFERENCES "Attendant" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ChatRead_chatId_fkey" FOREIGN KEY ("chatId") REFERENCES "Chat" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ChatRead_chatId_idx" ON "ChatRead"("chatId");

