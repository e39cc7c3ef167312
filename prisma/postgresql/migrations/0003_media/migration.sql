-- A message's file (inbound media, outbound attachments).
ALTER TABLE "Message" ADD COLUMN "media" TEXT;
