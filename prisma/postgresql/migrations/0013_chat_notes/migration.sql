-- Private notes on chats (attendants only, never sent to a channel).
CREATE TABLE "ChatNote" (
    "id" TEXT NOT NULL,
    "chatId" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'note',
    "content" TEXT NOT NULL,
    "mentions" TEXT NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChatNote_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "ChatNote_chatId_createdAt_idx" ON "ChatNote"("chatId", "createdAt");
CREATE INDEX "ChatNote_authorId_idx" ON "ChatNote"("authorId");
ALTER TABLE "ChatNote" ADD CONSTRAINT "ChatNote_chatId_fkey" FOREIGN KEY ("chatId") REFERENCES "Chat"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ChatNote" ADD CONSTRAINT "ChatNote_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "Attendant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
