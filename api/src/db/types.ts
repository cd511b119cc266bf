import { Prisma, type PrismaClient } from '../../generated/prisma/client.ts';

// The one door to the generated client's types: modules import Prisma from here, never from generated/.
export { Prisma, type PrismaClient };
/** What repositories take: the client itself or an open interactive transaction. */
export type Db = PrismaClient | Prisma.TransactionClient;
export type Tx = Prisma.TransactionClient;
