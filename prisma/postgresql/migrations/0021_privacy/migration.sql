-- Privacy (docs/decisions/0009-crypto-shredding.md): a data key per chat
-- conversation for the Temporal payload codec, the erasure receipts, and the
-- erased contacts' tombstone mark.
CREATE TABLE "DataKey" (
    "id" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "wrapped" TEXT NOT NULL,
    "wrappingKeyId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DataKey_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "DataKey_workflowId_key" ON "DataKey"("workflowId");

CREATE TABLE "ContactErasure" (
    "contactId" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "receipt" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ContactErasure_pkey" PRIMARY KEY ("contactId")
);

ALTER TABLE "Contact" ADD COLUMN "erasedAt" TIMESTAMP(3);
