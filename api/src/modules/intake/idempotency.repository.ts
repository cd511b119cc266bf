import { createHash } from 'node:crypto';
import type { Prisma, PrismaClient, Tx } from '../../db/types.ts';

// Idempotency-Key: the key row is committed on its own, before the work, so a concurrent duplicate
// finds it (in flight → 409); the work's transaction stores the answer in it (replayed afterwards);
// if the work fails the row is removed so the client may retry with the same key.

/** An in-flight row older than this belongs to a process that died mid-work: it may be taken over. */
const ABANDONED_AFTER_MS = 2 * 60_000;

export type Claim =
  | { kind: 'claimed'; id: string }
  | { kind: 'replay'; status: number; body: unknown }
  | { kind: 'in_flight' }
  | { kind: 'mismatch' };

export async function claimIdempotencyKey(
  prisma: PrismaClient,
  input: { scope: string; key: string; requestHash: string; now: Date },
): Promise<Claim> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const created = await prisma.idempotencyKey.createMany({
      data: [{ scope: input.scope, key: input.key, requestHash: input.requestHash, createdAt: input.now }],
      skipDuplicates: true,
    });
    const row = await prisma.idempotencyKey.findUnique({
      where: { scope_key: { scope: input.scope, key: input.key } },
      select: {
        id: true,
        requestHash: true,
        responseStatus: true,
        responseBody: true,
        completedAt: true,
        createdAt: true,
      },
    });
    // Removed between our insert and our read (the other holder failed): try once more.
    if (!row) continue;
    if (created.count === 1) return { kind: 'claimed', id: row.id };
    if (row.requestHash !== input.requestHash) return { kind: 'mismatch' };
    if (row.completedAt && row.responseStatus !== null) {
      return { kind: 'replay', status: row.responseStatus, body: row.responseBody };
    }
    if (input.now.getTime() - row.createdAt.getTime() < ABANDONED_AFTER_MS) return { kind: 'in_flight' };
    await prisma.idempotencyKey.deleteMany({ where: { id: row.id, completedAt: null } });
  }
  return { kind: 'in_flight' };
}

/** Stores the answer, inside the work's transaction: the key is completed iff the work commits. */
export async function completeIdempotencyKey(
  tx: Tx,
  id: string,
  response: { status: number; body: Prisma.InputJsonObject },
  now: Date,
): Promise<void> {
  await tx.idempotencyKey.update({
    where: { id },
    data: { responseStatus: response.status, responseBody: response.body, completedAt: now },
    select: { id: true },
  });
}

export async function releaseIdempotencyKey(prisma: PrismaClient, id: string): Promise<void> {
  await prisma.idempotencyKey.deleteMany({ where: { id, completedAt: null } });
}

/** SHA-256 of the canonical JSON of a parsed body: object keys sorted, so key order does not matter. */
export function hashBody(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
