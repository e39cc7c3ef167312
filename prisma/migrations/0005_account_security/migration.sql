-- Failed login and refresh attempts, shared by every API process.
CREATE TABLE "RateLimiterFlexible" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "points" INTEGER NOT NULL,
    "expire" DATETIME
);

-- Revocation: every token carries the attendant's version.
ALTER TABLE "Attendant" ADD COLUMN "tokenVersion" INTEGER NOT NULL DEFAULT 0;

-- Refresh tokens, rotated within a family.
CREATE TABLE "RefreshToken" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "family" TEXT NOT NULL,
    "attendantId" TEXT NOT NULL,
    "usedAt" DATETIME,
    "revoked" BOOLEAN NOT NULL DEFAULT false,
    "expiresAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX "RefreshToken_family_idx" ON "RefreshToken"("family");
CREATE INDEX "RefreshToken_expiresAt_idx" ON "RefreshToken"("expiresAt");
