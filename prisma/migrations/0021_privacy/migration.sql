-- Privacy (docs/decisions/0009-crypto-shredding.md): a data key per chat
-- conversation for the Temporal payload codec, the erasure receipts, and the
-- erased contacts' tombstone mark.
CREATE TABLE "DataKey" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workflowId" TEXT NOT NULL,
    "wrapped" TEXT NOT NULL,
    "wrappingKeyId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX "DataKey_workflowId_key" ON "DataKey"("workflowId");

CREATE TABLE "ContactErasure" (
    "contactId" TEXT NOT NULL PRIMARY KEY,
    "actor" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "receipt" TEXT NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

ALTER TABLE "Contact" ADD COLUMN "erasedAt" DATETIME;
