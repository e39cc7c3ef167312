-- AlterTable
ALTER TABLE "Attendant" ADD COLUMN     "lastAssignedAt" TIMESTAMP(3),
ADD COLUMN     "timezone" TEXT NOT NULL DEFAULT 'America/Sao_Paulo';

-- AlterTable
ALTER TABLE "Chat" ADD COLUMN     "department" TEXT,
ADD COLUMN     "queuedAt" TIMESTAMP(3),
ADD COLUMN     "skills" TEXT NOT NULL DEFAULT '[]';

-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Setting_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "Chat_attendantId_status_idx" ON "Chat"("attendantId", "status");

-- CreateIndex
CREATE INDEX "Chat_queuedAt_idx" ON "Chat"("queuedAt");
