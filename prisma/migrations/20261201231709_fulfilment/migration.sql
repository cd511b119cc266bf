-- CreateEnum
CREATE TYPE "FulfilmentState" AS ENUM ('pending', 'running', 'waiting', 'done', 'failed');

-- CreateEnum
CREATE TYPE "IdentifierKind" AS ENUM ('email', 'customer_number', 'phone', 'other');

-- CreateEnum
CREATE TYPE "PackageState" AS ENUM ('building', 'ready', 'failed', 'released');

-- AlterTable
ALTER TABLE "downloads" ADD COLUMN     "blobId" UUID,
ADD COLUMN     "transferredTo" TEXT,
ALTER COLUMN "path" DROP NOT NULL;

-- AlterTable
ALTER TABLE "tasks" ADD COLUMN     "attachmentId" UUID,
ADD COLUMN     "attachmentName" TEXT,
ADD COLUMN     "instructions" JSONB;

-- CreateTable
CREATE TABLE "fulfilment_sources" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "requestId" UUID NOT NULL,
    "source" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "state" "FulfilmentState" NOT NULL DEFAULT 'pending',
    "matchCount" INTEGER,
    "matchedAt" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "nextAttemptAt" TIMESTAMPTZ(3),
    "result" JSONB,
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "fulfilment_sources_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "fulfilment_records" (
    "id" BIGSERIAL NOT NULL,
    "requestId" UUID NOT NULL,
    "source" TEXT NOT NULL,
    "table" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "data" JSONB NOT NULL,
    "excluded" BOOLEAN NOT NULL DEFAULT false,
    "excludedFields" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "exclusionReason" TEXT,

    CONSTRAINT "fulfilment_records_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "subject_identifiers" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "requestId" UUID NOT NULL,
    "kind" "IdentifierKind" NOT NULL,
    "value" TEXT NOT NULL,
    "addedById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "subject_identifiers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "packages" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "requestId" UUID NOT NULL,
    "state" "PackageState" NOT NULL DEFAULT 'building',
    "blobId" UUID,
    "fileName" TEXT,
    "sizeBytes" BIGINT,
    "summary" JSONB,
    "lastError" TEXT,
    "builtAt" TIMESTAMPTZ(3),
    "releasedAt" TIMESTAMPTZ(3),
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "packages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "blobs" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "contentType" TEXT NOT NULL,
    "sizeBytes" BIGINT NOT NULL DEFAULT 0,
    "sha256" TEXT,
    "complete" BOOLEAN NOT NULL DEFAULT false,
    "expiresAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "blobs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "blob_chunks" (
    "blobId" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,

    CONSTRAINT "blob_chunks_pkey" PRIMARY KEY ("blobId","seq")
);

-- CreateIndex
CREATE INDEX "fulfilment_sources_state_nextAttemptAt_idx" ON "fulfilment_sources"("state", "nextAttemptAt");

-- CreateIndex
CREATE UNIQUE INDEX "fulfilment_sources_requestId_source_key" ON "fulfilment_sources"("requestId", "source");

-- CreateIndex
CREATE UNIQUE INDEX "fulfilment_records_requestId_source_table_seq_key" ON "fulfilment_records"("requestId", "source", "table", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "subject_identifiers_requestId_kind_value_key" ON "subject_identifiers"("requestId", "kind", "value");

-- CreateIndex
CREATE UNIQUE INDEX "packages_requestId_key" ON "packages"("requestId");

-- CreateIndex
CREATE INDEX "blobs_expiresAt_idx" ON "blobs"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "tasks_requestId_system_key" ON "tasks"("requestId", "system");

-- AddForeignKey
ALTER TABLE "downloads" ADD CONSTRAINT "downloads_blobId_fkey" FOREIGN KEY ("blobId") REFERENCES "blobs"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_attachmentId_fkey" FOREIGN KEY ("attachmentId") REFERENCES "blobs"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "fulfilment_sources" ADD CONSTRAINT "fulfilment_sources_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "requests"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "fulfilment_records" ADD CONSTRAINT "fulfilment_records_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "requests"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "subject_identifiers" ADD CONSTRAINT "subject_identifiers_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "requests"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "packages" ADD CONSTRAINT "packages_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "requests"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "packages" ADD CONSTRAINT "packages_blobId_fkey" FOREIGN KEY ("blobId") REFERENCES "blobs"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "blob_chunks" ADD CONSTRAINT "blob_chunks_blobId_fkey" FOREIGN KEY ("blobId") REFERENCES "blobs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
