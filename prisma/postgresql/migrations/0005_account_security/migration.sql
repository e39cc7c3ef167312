-- Failed login and refresh attempts, shared by every API process.
CREATE TABLE "RateLimiterFlexible" (
    "key" TEXT NOT NULL,
    "points" INTEGER NOT NULL,
    "expire" TIMESTAMP(3),

    CONSTRAINT "RateLimiterFlexible_pkey" PRIMARY KEY ("key")
);

-- Revocation: every token carries the attendant's version.
ALTER TABLE "Attendant" ADD COLUMN "tokenVersion" INTEGER NOT NULL DEFAULT 0;

-- Refresh tokens, rotated within a family.
CREATE TABLE "RefreshToken" (
    "id" TEXT NOT NULL,
    "family" TEXT NOT NULL,
    "attendantId" TEXT NOT NULL,
    "usedAt" TIMESTAMP(3),
    "revoked" BOOLEAN NOT NULL DEFAULT false,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RefreshToken_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "RefreshToken_family_idx" ON "RefreshToken"("family");
CREATE INDEX "RefreshToken_expiresAt_idx" ON "RefreshToken"("expiresAt");
