-- A contact is a person and channels are its identities (docs/design.md,
-- "The customer record"). Chats get protocol numbers.

-- AlterTable
ALTER TABLE "Chat" ADD COLUMN "protocol" TEXT;

-- CreateTable
CREATE TABLE "ContactIdentity" (
    "channelId" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "contactId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ContactIdentity_pkey" PRIMARY KEY ("channelId","externalId")
);

-- CreateTable
CREATE TABLE "ContactMerge" (
    "id" TEXT NOT NULL,
    "contactId" TEXT NOT NULL,
    "mergedId" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "moved" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ContactMerge_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProtocolSequence" (
    "day" TEXT NOT NULL,
    "last" INTEGER NOT NULL,

    CONSTRAINT "ProtocolSequence_pkey" PRIMARY KEY ("day")
);

-- Today's per-channel contacts become one identity each.
INSERT INTO "ContactIdentity" ("channelId", "externalId", "contactId", "createdAt")
SELECT "channelId", "externalId", "id", "createdAt" FROM "Contact";

-- A Brazilian mobile's 8-digit form (+55 DD 6-9XXXXXXX) gets its 9th digit,
-- as src/contacts/phone.ts writes new ones.
UPDATE "Contact" SET "phone" = '+55' || substr("phone", 4, 2) || '9' || substr("phone", 6)
WHERE "phone" ~ '^\+55[1-9]{2}[6-9][0-9]{7}$';

-- One phone is one person: the oldest contact with a phone keeps it and
-- takes the others' identities and chats.
CREATE TEMP TABLE "ContactSurvivor" AS
SELECT c."id" AS "id",
       (SELECT s."id" FROM "Contact" s WHERE s."phone" = c."phone" ORDER BY s."createdAt", s."id" LIMIT 1) AS "survivor"
FROM "Contact" c WHERE c."phone" IS NOT NULL;
DELETE FROM "ContactSurvivor" WHERE "id" = "survivor";
UPDATE "ContactIdentity" i SET "contactId" = s."survivor" FROM "ContactSurvivor" s WHERE s."id" = i."contactId";
UPDATE "Chat" c SET "contactId" = s."survivor" FROM "ContactSurvivor" s WHERE s."id" = c."contactId";
DELETE FROM "Contact" WHERE "id" IN (SELECT "id" FROM "ContactSurvivor");
DROP TABLE "ContactSurvivor";

-- AlterTable
ALTER TABLE "Contact" DROP CONSTRAINT "Contact_channelId_fkey";
DROP INDEX "Contact_channelId_externalId_key";
DROP INDEX "Contact_phone_idx";
ALTER TABLE "Contact" DROP COLUMN "channelId", DROP COLUMN "externalId";
ALTER TABLE "Contact" RENAME COLUMN "metadata" TO "attributes";
ALTER TABLE "Contact" ADD COLUMN "sources" TEXT NOT NULL DEFAULT '{}';
UPDATE "Contact" SET "email" = lower("email") WHERE "email" IS NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "Contact_phone_key" ON "Contact"("phone");
CREATE INDEX "Contact_email_idx" ON "Contact"("email");
CREATE INDEX "Contact_cpf_idx" ON "Contact"("cpf");
CREATE INDEX "Contact_createdAt_id_idx" ON "Contact"("createdAt", "id");
CREATE INDEX "ContactIdentity_contactId_idx" ON "ContactIdentity"("contactId");
CREATE INDEX "ContactMerge_contactId_idx" ON "ContactMerge"("contactId");
CREATE INDEX "ContactMerge_mergedId_idx" ON "ContactMerge"("mergedId");
CREATE UNIQUE INDEX "Chat_protocol_key" ON "Chat"("protocol");

-- AddForeignKey
ALTER TABLE "ContactIdentity" ADD CONSTRAINT "ContactIdentity_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "Channel"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ContactIdentity" ADD CONSTRAINT "ContactIdentity_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE CASCADE ON UPDATE CASCADE;
