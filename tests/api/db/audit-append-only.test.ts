import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrisma, type PrismaClient } from '../../../api/src/db/client.ts';
import { createTestDatabase, type TestDatabase } from '../../support/db.ts';

let db: TestDatabase;
let prisma: PrismaClient;

beforeAll(async () => {
  db = await createTestDatabase();
  prisma = createPrisma(db.url);
});

afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});

async function newRequestWithEvent() {
  const request = await prisma.request.create({
    data: { type: 'access', email: 'ada@example.org', fullName: 'Ada L', details: {} },
    select: { id: true, reference: true },
  });
  const event = await prisma.auditEvent.create({
    data: {
      requestId: request.id,
      actorType: 'system',
      type: 'request.received',
      toStatus: 'pending_verification',
    },
    select: { id: true },
  });
  return { request, event };
}

describe('database', () => {
  it('assigns DSR-<year>-<6 digits> references from a sequence', async () => {
    const a = await newRequestWithEvent();
    const b = await newRequestWithEvent();
    const year = new Date().getUTCFullYear();
    expect(a.request.reference).toMatch(new RegExp(`^DSR-${year}-\\d{6}$`));
    expect(Number(b.request.reference.slice(-6))).toBe(Number(a.request.reference.slice(-6)) + 1);
  });

  it('refuses UPDATE and DELETE on audit events (R17)', async () => {
    const { event } = await newRequestWithEvent();
    await expect(prisma.auditEvent.update({ where: { id: event.id }, data: { type: 'x' } })).rejects.toThrow(
      /append-only/,
    );
    await expect(prisma.auditEvent.delete({ where: { id: event.id } })).rejects.toThrow(/append-only/);

    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      await expect(client.query('UPDATE audit_events SET data = $1', [{}])).rejects.toThrow(/append-only/);
      await expect(client.query('DELETE FROM audit_events')).rejects.toThrow(/append-only/);
      await expect(client.query('TRUNCATE audit_events CASCADE')).rejects.toThrow(/append-only/);
    } finally {
      await client.end();
    }
    expect(await prisma.auditEvent.count({ where: { id: event.id } })).toBe(1);
  });
});
