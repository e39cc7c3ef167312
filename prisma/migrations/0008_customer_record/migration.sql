-- A contact is a person and channels are its identities (docs/design.md,
-- "The customer record"); chats get protocol numbers.

-- AlterTable
ALTER TABLE "Chat" ADD COLUMN "protocol" TEXT;

-- CreateTable
CREATE TABLE "ContactIdentity" (
    "channelId" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "contactId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("channelId", "externalId"),
    CONSTRAINT "ContactIdentity_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "Channel" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ContactIdentity_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ContactMerge" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "contactId" TEXT NOT NULL,
    "mergedId" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "moved" TEXT NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "ProtocolSequence" (
    "day" TEXT NOT NULL PRIMARY KEY,
    "last" INTEGER NOT NULL
);

-- Today's per-channel contacts become one identity each.
INSERT INTO "ContactIdentity" ("channelId", "externalId", "contactId", "createdAt")
SELECT "channelId", "externalId", "id", "createdAt" FROM "Contact";

-- A Brazilian mobile's 8-digit form (+55 DD 6-9XXXXXXX) gets its 9th digit,
-- as src/contacts/phone.ts writes new ones.
UPDATE "Contact" SET "phone" = '+55' || substr("phone", 4, 2) || '9' || substr("phone", 6)
WHERE "phone" GLOB '+55[1-9][1-9][6-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]';

-- One phone is one person: the oldest contact with a phone keeps it and
-- takes the others' identities and chats.
CREATE TEMP TABLE "ContactSurvivor" AS
SELECT c."id" AS "id",
       (SELECT s."id" FROM "Contact" s WHERE s."phone" = c."phone" ORDER BY s."createdAt", s."id" LIMIT 1) AS "survivor"
FROM "Contact" c WHERE c."phone" IS NOT NULL;
DELETE FROM "ContactSurvivor" WHERE "id" = "survivor";
UPDATE "ContactIdentity" SET "contactId" = (SELECT "survivor" FROM "ContactSurvivor" WHERE "ContactSurvivor"."id" = "ContactIdentity"."contactId")
WHERE "contactId" IN (SELECT "id" FROM "ContactSurvivor");
UPDATE "Chat" SET "contactId" = (SELECT "survivor" FROM "ContactSurvivor" WHERE "ContactSurvivor"."id" = "Chat"."contactId")
WHERE "contactId" IN (SELECT "id" FROM "ContactSurvivor");

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Contact" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT,
    "phone" TEXT,
    "email" TEXT,
    "cpf" TEXT,
    "attributes" TEXT NOT NULL DEFAULT '{}',
    "sources" TEXT NOT NULL DEFAULT '{}',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Contact" ("cpf", "createdAt", "email", "id", "name", "phone", "updatedAt", "attributes")
SELECT "cpf", "createdAt", lower("email"), "id", "name", "phone", "updatedAt", "metadata" FROM "Contact"
WHERE "id" NOT IN (SELECT "id" FROM "ContactSurvivor");
DROP TABLE "Contact";
ALTER TABLE "new_Contact" RENAME TO "Contact";
CREATE UNIQUE INDEX "Contact_phone_key" ON "Contact"("phone");
CREATE INDEX "Contact_email_idx" ON "Contact"("email");
CREATE INDEX "Contact_cpf_idx" ON "Contact"("cpf");
CREATE INDEX "Contact_createdAt_id_idx" ON "Contact"("createdAt", "id");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
DROP TABLE "ContactSurvivor";

-- CreateIndex
CREATE INDEX "ContactIdentity_contactId_idx" ON "ContactIdentity"("contactId");

-- CreateIndex
CREATE INDEX "ContactMerge_contactId_idx" ON "ContactMerge"("contactId");

-- CreateIndex
CREATE INDEX "ContactMerge_mergedId_idx" ON "ContactMerge"("mergedId");

-- CreateIndex
CREATE UNIQUE INDEX "Chat_protocol_key" ON "Chat"("protocol");
