-- Canned responses ("respostas prontas"): docs/api.md, "Canned responses".

-- CreateTable
CREATE TABLE "CannedResponse" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shortcut" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "scopeKey" TEXT NOT NULL,
    "ownerId" TEXT,
    "department" TEXT,
    "attachment" TEXT,
    "usageCount" INTEGER NOT NULL DEFAULT 0,
    "lastUsedAt" DATETIME,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "CannedResponse_scope_scopeKey_shortcut_key" ON "CannedResponse"("scope", "scopeKey", "shortcut");

-- CreateIndex
CREATE INDEX "CannedResponse_ownerId_idx" ON "CannedResponse"("ownerId");

-- CreateIndex
CREATE INDEX "CannedResponse_department_idx" ON "CannedResponse"("department");
