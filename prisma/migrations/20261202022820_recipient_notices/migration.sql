-- CreateEnum
CREATE TYPE "RecipientNoticeState" AS ENUM ('queued', 'sent', 'failed');

-- CreateTable
CREATE TABLE "recipient_notices" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "requestId" UUID NOT NULL,
    "recipient" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "categories" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "state" "RecipientNoticeState" NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "sentAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "recipient_notices_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "recipient_notices_requestId_recipient_key" ON "recipient_notices"("requestId", "recipient");

-- AddForeignKey
ALTER TABLE "recipient_notices" ADD CONSTRAINT "recipient_notices_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "requests"("id") ON DELETE CASCADE ON UPDATE CASCADE;
