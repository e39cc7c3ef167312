-- SLA policies: the chat's SLA as its workflow keeps it (JSON) and whether it was met.
ALTER TABLE "Chat" ADD COLUMN "sla" TEXT;
ALTER TABLE "Chat" ADD COLUMN "slaMet" BOOLEAN;
