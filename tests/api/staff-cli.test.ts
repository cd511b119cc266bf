import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrisma, type PrismaClient } from '../../api/src/db/client.ts';
import { verifyPassword } from '../../api/src/modules/staff-auth/password.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { runScript } from '../support/run-script.ts';

// npm run staff:create: spawned as a real process against a fresh test database.

const SCRIPT = 'scripts/create-staff-user.ts';
const PASSWORD = 'a CLI password that is long';

let db: TestDatabase;
let prisma: PrismaClient;

beforeAll(async () => {
  db = await createTestDatabase();
  prisma = createPrisma(db.url, { poolSize: 2 });
});

afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});

function run(args: string[], env: Record<string, string | undefined>) {
  return runScript(SCRIPT, args, { DATABASE_URL: db.url, ...env }, ['STAFF_PASSWORD', 'DATABASE_URL']);
}

describe('staff:create', () => {
  it('creates a user from STAFF_PASSWORD and prints its id, never the password', async () => {
    const res = await run(
      ['--email', 'First.Admin@Example.TEST', '--name', 'First Admin', '--role', 'admin'],
      {
        STAFF_PASSWORD: PASSWORD,
      },
    );
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const user = await prisma.staffUser.findUniqueOrThrow({ where: { email: 'first.admin@example.test' } });
    expect(res.stdout).toBe(`created staff user ${user.id} (admin)\n`);
    expect(res.stdout + res.stderr).not.toContain(PASSWORD);
    expect(user).toMatchObject({ name: 'First Admin', role: 'admin', disabledAt: null });
    expect(user.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(user.passwordHash, PASSWORD)).toBe(true);
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { type: 'staff.user_created' } });
    expect(event).toMatchObject({ actorType: 'system', actorId: null });
    expect(event.data).toEqual({ userId: user.id, role: 'admin' });
  });

  it('refuses a duplicate e-mail with a clear message', async () => {
    const res = await run(['--email', 'first.admin@example.test', '--name', 'Again', '--role', 'agent'], {
      STAFF_PASSWORD: PASSWORD,
    });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('already exists');
    expect(await prisma.staffUser.count()).toBe(1);
  });

  it('refuses a short password and creates nothing', async () => {
    const res = await run(['--email', 'short@example.test', '--name', 'Short', '--role', 'agent'], {
      STAFF_PASSWORD: 'elevenchars',
    });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/password: Use at least 12 characters/);
    expect(res.stderr).not.toContain('elevenchars');
    expect(await prisma.staffUser.count({ where: { email: 'short@example.test' } })).toBe(0);
  });

  it('fails clearly without STAFF_PASSWORD and without a terminal', async () => {
    const res = await run(['--email', 'nopw@example.test', '--name', 'No Password', '--role', 'auditor'], {});
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('STAFF_PASSWORD');
    expect(await prisma.staffUser.count({ where: { email: 'nopw@example.test' } })).toBe(0);
  });

  it('refuses a bad role, a missing option and an unknown option with the usage', async () => {
    for (const args of [
      ['--email', 'r@example.test', '--name', 'R', '--role', 'root'],
      ['--email', 'r@example.test', '--role', 'agent'],
      ['--email', 'r@example.test', '--name', 'R', '--role', 'agent', '--admin'],
    ]) {
      const res = await run(args, { STAFF_PASSWORD: PASSWORD });
      expect(res.code, args.join(' ')).toBe(2);
      expect(res.stderr, args.join(' ')).toContain('usage: npm run staff:create');
    }
    expect(await prisma.staffUser.count({ where: { email: 'r@example.test' } })).toBe(0);
  });
});
