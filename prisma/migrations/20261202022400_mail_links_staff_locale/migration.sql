-- AlterEnum
ALTER TYPE "TokenPurpose" ADD VALUE 'mail';

-- AlterTable
ALTER TABLE "staff_users" ADD COLUMN     "locale" TEXT NOT NULL DEFAULT 'fr';
