-- Canned responses ("respostas prontas"): docs/api.md, "Canned responses".

-- CreateTable
CREATE TABLE "CannedResponse" (
    "id" TEXT NOT NULL,
    "shortcut" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "scopeKey" TEXT NOT NULL,
    "ownerId" TEXT,
    "department" TEXT,
    "attachment" TEXT,
    "usageCount" INTEGER NOT NULL DEFAULT 0,
    "lastUsedAt" TIMESTAMP(3),
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CannedResponse_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "CannedResponse_scope_scopeKey_shortcut_key" ON "CannedResponse"("scope", "scopeKey", "shortcut");

-- CreateIndex
CREATE INDEX "CannedResponse_ownerId_idx" ON "CannedResponse"("ownerId");

-- CreateIndex
CREATE INDEX "CannedResponse_department_idx" ON "CannedResponse"("department");
