-- Each signed close an API channel delivered, and the chat it was for (replayed closes are refused).
CREATE TABLE "ChannelClose" (
    "channelId" TEXT NOT NULL,
    "externalChatId" TEXT NOT NULL,
    "signedAt" TEXT NOT NULL,
    "chatId" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("channelId", "externalChatId", "signedAt"),
    CONSTRAINT "ChannelClose_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "Channel" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

