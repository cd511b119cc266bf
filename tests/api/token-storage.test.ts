// R4: only SHA-256 digests of tokens are stored. The mail job carried the link while it waited to be
// sent; once sent, neither the job table nor pg-boss's archive may still hold the token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

async function rowsContaining(table: string, needle: string): Promise<number> {
  const rows = (await t.prisma.$queryRawUnsafe(
    `SELECT count(*)::int AS n FROM pgboss.${table} WHERE data::text LIKE '%' || $1 || '%'`,
    needle,
  )) as Array<{ n: number }>;
  return rows[0]?.n ?? 0;
}

describe('tokens and personal data in the job tables', () => {
  it('are gone from a mail job once it is sent', async () => {
    const email = `stored.${Date.now()}@example.test`;
    const filed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/requests',
      payload: { type: 'access', email, fullName: 'Ines Storage', details: {} },
    });
    expect(filed.statusCode).toBe(202);
    await t.smtp.waitFor((m) => m.some((x) => x.to.includes(email)));
    const mail = t.smtp.messages.find((x) => x.to.includes(email));
    const token = /verify#token=([A-Za-z0-9_-]{43})/.exec(mail?.text ?? '')?.[1];
    expect(token).toBeDefined();

    // The worker scrubs the payload right after the SMTP server accepted the message.
    const deadline = Date.now() + 10_000;
    while ((await rowsContaining('job', token!)) > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await rowsContaining('job', token!)).toBe(0);
    expect(await rowsContaining('job', email)).toBe(0);
    expect(await rowsContaining('job', 'Ines Storage')).toBe(0);
    expect(await rowsContaining('archive', token!)).toBe(0);
    // What is left identifies the message for de-duplication, nothing more.
    const rows = (await t.prisma.$queryRawUnsafe(
      `SELECT data FROM pgboss.job WHERE name = 'mail.send' AND state = 'completed'`,
    )) as Array<{ data: Record<string, unknown> }>;
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(Object.keys(row.data).sort()).toEqual(['messageId', 'sent']);
  });
});
