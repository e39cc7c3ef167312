-- Chats opened before protocol numbers get one (docs/design.md, "Protocol
-- numbers"): the day each opened and that day's sequence, in the order they
-- started, after any number already handed out that day. No comment here
-- holds a semicolon: the pg adapter splits scripts at every one.
--
-- The backfill reads days in UTC−3: America/Sao_Paulo, BOT_TIMEZONE's
-- default, has had no daylight saving time since 2019. A migration cannot
-- read the environment: a company in another zone keeps these numbers, and
-- its new chats are numbered in its own zone.

-- Backfill
WITH "Opened" AS (
    SELECT "id", "startedAt",
        CASE typeof("startedAt")
            WHEN 'integer' THEN strftime('%Y%m%d', "startedAt" / 1000, 'unixepoch', '-3 hours')
            ELSE strftime('%Y%m%d', "startedAt", '-3 hours')
        END AS "day"
    FROM "Chat" WHERE "protocol" IS NULL
), "Numbered" AS (
    SELECT o."id", o."day",
        COALESCE(s."last", 0) + ROW_NUMBER() OVER (PARTITION BY o."day" ORDER BY o."startedAt", o."id") AS "seq"
    FROM "Opened" o LEFT JOIN "ProtocolSequence" s ON s."day" = o."day"
)
UPDATE "Chat" SET "protocol" = n."day" || printf('%06d', n."seq")
FROM "Numbered" n WHERE n."id" = "Chat"."id";

-- The sequence of each day goes on from its last number.
INSERT INTO "ProtocolSequence" ("day", "last")
SELECT substr("protocol", 1, 8), MAX(CAST(substr("protocol", 9) AS INTEGER))
FROM "Chat" WHERE "protocol" IS NOT NULL GROUP BY substr("protocol", 1, 8)
ON CONFLICT ("day") DO UPDATE SET "last" = MAX("ProtocolSequence"."last", excluded."last");
