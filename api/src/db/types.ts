import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';

export type { PrismaClient };
/** What repositories take: the client itself or an open interactive transaction. */
export type Db = PrismaClient | Prisma.TransactionClient;
export type Tx = Prisma.TransactionClient;
