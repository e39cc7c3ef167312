-- Private notes on chats (attendants only, never sent to a channel).
CREATE TABLE "ChatNote" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "chatId" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'note',
    "content" TEXT NOT NULL,
    "mentions" TEXT NOT NULL DEFAULT '[]',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ChatNote_chatId_fkey" FOREIGN KEY ("chatId") REFERENCES "Chat" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ChatNote_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "Attendant" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE INDEX "ChatNote_chatId_createdAt_idx" ON "ChatNote"("chatId", "createdAt");
CREATE INDEX "ChatNote_authorId_idx" ON "ChatNote"("authorId");
