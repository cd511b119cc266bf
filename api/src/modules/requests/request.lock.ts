import type { Tx } from '../../db/types.ts';
import { Prisma } from '../../db/types.ts';

// Every transaction that reads a request and then writes beside it (its sources, mails, audit events)
// takes the request's row lock first: two such writers queue up here instead of deadlocking on the
// rows they both touch.

/** Locks the request's row for the rest of the transaction. */
export async function lockRequest(tx: Tx, id: string): Promise<void> {
  await tx.$queryRaw(Prisma.sql`SELECT 1 FROM requests WHERE id = ${id}::uuid FOR UPDATE`);
}

/** The same lock, found by the public reference; null when no request has it. */
export async function lockRequestByReference(tx: Tx, reference: string): Promise<string | null> {
  const rows = await tx.$queryRaw<{ id: string }[]>(
    Prisma.sql`SELECT id FROM requests WHERE reference = ${reference} FOR UPDATE`,
  );
  return rows[0]?.id ?? null;
}
