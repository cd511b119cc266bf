-- AlterTable
ALTER TABLE "downloads" ADD COLUMN     "transferTokenHash" TEXT;

-- AlterTable
ALTER TABLE "fulfilment_sources" ADD COLUMN     "matches" JSONB;

-- AlterTable
ALTER TABLE "packages" ADD COLUMN     "generation" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE UNIQUE INDEX "downloads_transferTokenHash_key" ON "downloads"("transferTokenHash");
