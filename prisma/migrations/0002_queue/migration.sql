-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Attendant" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "phone" TEXT,
    "passwordHash" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'attendant',
    "department" TEXT,
    "skills" TEXT NOT NULL DEFAULT '[]',
    "maxConcurrent" INTEGER NOT NULL DEFAULT 5,
    "workingHours" TEXT NOT NULL DEFAULT '{}',
    "timezone" TEXT NOT NULL DEFAULT 'America/Sao_Paulo',
    "active" BOOLEAN NOT NULL DEFAULT true,
    "available" BOOLEAN NOT NULL DEFAULT false,
    "lastAssignedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Attendant" ("active", "available", "createdAt", "department", "email", "id", "maxConcurrent", "name", "passwordHash", "phone", "role", "skills", "updatedAt", "workingHours") SELECT "active", "available", "createdAt", "department", "email", "id", "maxConcurrent", "name", "passwordHash", "phone", "role", "skills", "updatedAt", "workingHours" FROM "Attendant";
DROP TABLE "Attendant";
ALTER TABLE "new_Attendant" RENAME TO "Attendant";
CREATE UNIQUE INDEX "Attendant_email_key" ON "Attendant"("email");
CREATE TABLE "new_Chat" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workflowId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "externalChatId" TEXT NOT NULL,
    "contactId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "priority" TEXT NOT NULL DEFAULT 'normal',
    "subject" TEXT,
    "tags" TEXT NOT NULL DEFAULT '[]',
    "attendantId" TEXT,
    "queuedAt" DATETIME,
    "department" TEXT,
    "skills" TEXT NOT NULL DEFAULT '[]',
    "context" TEXT NOT NULL DEFAULT '{}',
    "startedAt" DATETIME NOT NULL,
    "closedAt" DATETIME,
    "firstResponseAt" DATETIME,
    "rating" INTEGER,
    "feedback" TEXT,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Chat_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "Channel" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Chat_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Chat_attendantId_fkey" FOREIGN KEY ("attendantId") REFERENCES "Attendant" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Chat" ("attendantId", "channelId", "closedAt", "contactId", "context", "externalChatId", "feedback", "firstResponseAt", "id", "priority", "rating", "startedAt", "status", "subject", "tags", "updatedAt", "workflowId") SELECT "attendantId", "channelId", "closedAt", "contactId", "context", "externalChatId", "feedback", "firstResponseAt", "id", "priority", "rating", "startedAt", "status", "subject", "tags", "updatedAt", "workflowId" FROM "Chat";
DROP TABLE "Chat";
ALTER TABLE "new_Chat" RENAME TO "Chat";
CREATE INDEX "Chat_channelId_externalChatId_idx" ON "Chat"("channelId", "externalChatId");
CREATE INDEX "Chat_status_startedAt_idx" ON "Chat"("status", "startedAt");
CREATE INDEX "Chat_startedAt_id_idx" ON "Chat"("startedAt", "id");
CREATE INDEX "Chat_contactId_startedAt_idx" ON "Chat"("contactId", "startedAt");
CREATE INDEX "Chat_attendantId_startedAt_idx" ON "Chat"("attendantId", "startedAt");
CREATE INDEX "Chat_attendantId_status_idx" ON "Chat"("attendantId", "status");
CREATE INDEX "Chat_queuedAt_idx" ON "Chat"("queuedAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

