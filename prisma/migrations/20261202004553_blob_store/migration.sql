-- CreateEnum
CREATE TYPE "BlobStoreKind" AS ENUM ('postgres', 's3');

-- AlterTable
ALTER TABLE "blobs" ADD COLUMN     "store" "BlobStoreKind" NOT NULL DEFAULT 'postgres';
