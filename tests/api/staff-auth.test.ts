import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { createStaffUser, loginAs, originOf, randomIp, signIn } from '../support/staff.ts';

// R3 (login), R6: sessions, fixation, rotation, idle and absolute timeouts, logout, disabled users,
// cookie flags. CSRF and throttling have their own files.

let t: TestApp;
const secrets: string[] = [];

beforeAll(async () => {
  t = await startTestApp();
});

afterAll(async () => {
  await t?.close();
});

const MINUTE = 60_000;
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

function postLogin(body: unknown, options: { ip?: string; cookie?: string } = {}) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/staff/session',
    remoteAddress: options.ip ?? randomIp(),
    headers: {
      origin: originOf(t),
      'content-type': 'application/json',
      ...(options.cookie ? { cookie: options.cookie } : {}),
    },
    payload: JSON.stringify(body),
  });
}

const me = (cookie: string) => t.app.inject({ url: '/api/v1/staff/me', headers: { cookie } });

async function login(role: 'admin' | 'agent' | 'auditor' = 'agent') {
  const session = await loginAs(t, role);
  secrets.push(session.user.email, session.user.password, session.cookie.split('=')[1]!, session.csrfToken);
  return session;
}

describe('login, me, logout', () => {
  it('logs in with the user and a CSRF token, answers /me, and logs out', async () => {
    const user = await createStaffUser(t.prisma, { role: 'admin' });
    const res = await postLogin({ email: user.email, password: user.password });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toEqual({
      user: { id: user.id, email: user.email, name: user.name, role: 'admin', locale: 'fr' },
      csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    const cookie = res.cookies.find((c) => c.name === 'sid')!;
    secrets.push(user.email, cookie.value, body.csrfToken);

    const who = await me(`sid=${cookie.value}`);
    expect(who.statusCode).toBe(200);
    expect(who.json()).toEqual(body);
    expect(who.headers['cache-control']).toBe('no-store');

    const out = await t.app.inject({
      method: 'DELETE',
      url: '/api/v1/staff/session',
      headers: {
        cookie: `sid=${cookie.value}`,
        'x-csrf-token': body.csrfToken,
        origin: originOf(t),
        'content-type': 'application/json',
      },
    });
    expect(out.statusCode).toBe(204);
    const cleared = out.cookies.find((c) => c.name === 'sid')!;
    expect(cleared.value).toBe('');
    expect(cleared.expires!.getTime()).toBeLessThan(Date.now());

    const after = await me(`sid=${cookie.value}`);
    expect(after.statusCode).toBe(401);
    expect(after.json()).toMatchObject({ status: 401, code: 'unauthorized' });

    const events = await t.prisma.auditEvent.findMany({
      where: { actorId: user.id, type: { in: ['staff.login', 'staff.logout'] } },
      orderBy: { id: 'asc' },
    });
    expect(events.map((e) => e.type)).toEqual(['staff.login', 'staff.logout']);
    expect(JSON.stringify(events.map((e) => e.data))).not.toContain(user.email);
  });

  it('logout works without a content type too (a body-less DELETE)', async () => {
    const s = await login();
    const { 'content-type': _, ...headers } = s.headers;
    const out = await t.app.inject({ method: 'DELETE', url: '/api/v1/staff/session', headers });
    expect(out.statusCode).toBe(204);
    expect((await me(s.cookie)).statusCode).toBe(401);
  });

  it('answers 401 unauthorized without a cookie, with a garbage cookie, and with a forged id', async () => {
    for (const cookie of [undefined, 'sid=garbage', `sid=${'A'.repeat(43)}`]) {
      const res = await t.app.inject({ url: '/api/v1/staff/me', headers: cookie ? { cookie } : {} });
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({ code: 'unauthorized' });
    }
  });

  it('stores only the SHA-256 of the session id', async () => {
    const s = await login();
    const sid = s.cookie.split('=')[1]!;
    const sessions = await t.prisma.staffSession.findMany({ where: { userId: s.user.id } });
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.idHash).toBe(sha256(sid));
    expect(JSON.stringify(sessions)).not.toContain(sid);
    expect(JSON.stringify(sessions)).not.toContain(s.csrfToken);
  });

  it('stores passwords as argon2id with m=19456, t=2, p=1', async () => {
    const user = await createStaffUser(t.prisma, { role: 'agent' });
    const row = await t.prisma.staffUser.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });
});

describe('same answer for every failed login (R3)', () => {
  it('gives identical status, body and header names for unknown e-mail, wrong password and disabled user', async () => {
    const active = await createStaffUser(t.prisma, { role: 'agent' });
    const disabled = await createStaffUser(t.prisma, { role: 'agent', disabled: true });
    secrets.push(active.email, disabled.email, active.password);
    const ip = randomIp();
    const answers = [
      await postLogin({ email: 'nobody-here@staff.test', password: active.password }, { ip }),
      await postLogin({ email: active.email, password: 'wrong password, long enough' }, { ip }),
      await postLogin({ email: disabled.email, password: disabled.password }, { ip }),
    ];
    const shape = (res: (typeof answers)[number]) => ({
      status: res.statusCode,
      body: res.body,
      headers: Object.keys(res.headers).sort(),
    });
    expect(answers[0]!.statusCode).toBe(401);
    expect(answers[0]!.json()).toMatchObject({ code: 'invalid_credentials' });
    expect(shape(answers[1]!)).toEqual(shape(answers[0]!));
    expect(shape(answers[2]!)).toEqual(shape(answers[0]!));
    for (const res of answers) expect(res.cookies).toEqual([]);

    const failures = await t.prisma.auditEvent.findMany({
      where: { type: 'staff.login_failed' },
      orderBy: { id: 'desc' },
      take: 3,
    });
    expect(failures.map((e) => (e.data as { reason: string }).reason).sort()).toEqual([
      'disabled',
      'unknown_account',
      'wrong_password',
    ]);
    expect(JSON.stringify(failures.map((e) => e.data))).not.toMatch(/@staff\.test|nobody-here/);
  });

  it('normalises the e-mail (case, spaces) and the password (NFC)', async () => {
    const user = await createStaffUser(t.prisma, { role: 'agent', password: 'Crème brûlée au café' });
    const res = await postLogin({
      email: `  ${user.email.toUpperCase()} `,
      password: 'Crème brûlée au café'.normalize('NFD'),
    });
    expect(res.statusCode).toBe(200);
  });

  it('rejects a malformed login body with 400 and unknown fields by name', async () => {
    const res = await postLogin({ email: 'a@b.test', password: 'x'.repeat(20), admin: true });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toContainEqual(expect.objectContaining({ path: 'admin' }));
    expect((await postLogin({ email: 'a@b.test' })).statusCode).toBe(400);
    expect((await postLogin({ email: 'a@b.test', password: 42 })).statusCode).toBe(400);
  });
});

describe('session fixation and rotation', () => {
  it('ignores and revokes a session cookie sent with the login request', async () => {
    const user = await createStaffUser(t.prisma, { role: 'agent' });
    const first = await signIn(t, user);
    expect((await me(first.cookie)).statusCode).toBe(200);

    const res = await postLogin({ email: user.email, password: user.password }, { cookie: first.cookie });
    expect(res.statusCode).toBe(200);
    const second = res.cookies.find((c) => c.name === 'sid')!;
    expect(`sid=${second.value}`).not.toBe(first.cookie);
    expect(res.json().csrfToken).not.toBe(first.csrfToken);
    expect((await me(first.cookie)).statusCode).toBe(401);
    expect((await me(`sid=${second.value}`)).statusCode).toBe(200);
  });

  it('never adopts a planted session id', async () => {
    const user = await createStaffUser(t.prisma, { role: 'agent' });
    const planted = 'B'.repeat(43);
    const res = await postLogin({ email: user.email, password: user.password }, { cookie: `sid=${planted}` });
    expect(res.statusCode).toBe(200);
    expect(res.cookies.find((c) => c.name === 'sid')!.value).not.toBe(planted);
    expect(await t.prisma.staffSession.count({ where: { idHash: sha256(planted) } })).toBe(0);
    expect((await me(`sid=${planted}`)).statusCode).toBe(401);
  });

  it('issues a new id at every login', async () => {
    const user = await createStaffUser(t.prisma, { role: 'agent' });
    const ids = new Set<string>();
    for (let i = 0; i < 3; i++) ids.add((await signIn(t, user)).cookie);
    expect(ids.size).toBe(3);
    expect(await t.prisma.staffSession.count({ where: { userId: user.id } })).toBe(3);
  });
});

describe('timeouts (server-side)', () => {
  it('ends a session idle for 31 minutes', async () => {
    const s = await login();
    t.clock.advance(29 * MINUTE);
    expect((await me(s.cookie)).statusCode).toBe(200);
    // Activity slides the idle window.
    t.clock.advance(29 * MINUTE);
    expect((await me(s.cookie)).statusCode).toBe(200);
    t.clock.advance(31 * MINUTE);
    expect((await me(s.cookie)).statusCode).toBe(401);
  });

  it('writes lastSeenAt at most once a minute', async () => {
    const s = await login();
    const session = () => t.prisma.staffSession.findFirstOrThrow({ where: { userId: s.user.id } });
    const before = (await session()).lastSeenAt;
    t.clock.advance(30_000);
    await me(s.cookie);
    expect((await session()).lastSeenAt).toEqual(before);
    t.clock.advance(31_000);
    await me(s.cookie);
    expect((await session()).lastSeenAt).toEqual(t.clock.now);
  });

  it('ends a session 12 hours after login however active it is', async () => {
    const s = await login();
    const started = t.clock.now.getTime();
    let requests = 0;
    while (t.clock.now.getTime() + 20 * MINUTE < started + 12 * 60 * MINUTE) {
      t.clock.advance(20 * MINUTE);
      expect((await me(s.cookie)).statusCode).toBe(200);
      requests++;
    }
    expect(requests).toBe(35);
    t.clock.advance(20 * MINUTE);
    expect(t.clock.now.getTime() - started).toBe(12 * 60 * MINUTE);
    expect((await me(s.cookie)).statusCode).toBe(401);
  });
});

describe('disabled users', () => {
  it('refuses a disabled user at once even if a session was left unrevoked', async () => {
    const s = await login();
    await t.prisma.staffUser.update({ where: { id: s.user.id }, data: { disabledAt: t.clock.now } });
    expect((await me(s.cookie)).statusCode).toBe(401);
  });
});

describe('session cookie', () => {
  it('is sid, HttpOnly, SameSite=Strict, Path=/ and not Secure on plain http', async () => {
    const user = await createStaffUser(t.prisma, { role: 'agent' });
    const res = await postLogin({ email: user.email, password: user.password });
    const header = String(res.headers['set-cookie']);
    expect(header).toMatch(/^sid=[A-Za-z0-9_-]{43}; /);
    expect(header).toContain('HttpOnly');
    expect(header).toContain('SameSite=Strict');
    expect(header).toContain('Path=/');
    expect(header).not.toContain('Secure');
    expect(header).not.toMatch(/Domain=/i);
  });

  it('is __Host-sid and Secure when PUBLIC_URL is https', async () => {
    const https = await startTestApp({ env: { PUBLIC_URL: 'https://portal.test' } });
    try {
      const user = await createStaffUser(https.prisma, { role: 'agent' });
      const res = await https.app.inject({
        method: 'POST',
        url: '/api/v1/staff/session',
        headers: { origin: 'https://portal.test', 'content-type': 'application/json' },
        payload: { email: user.email, password: user.password },
      });
      expect(res.statusCode).toBe(200);
      const header = String(res.headers['set-cookie']);
      expect(header).toMatch(/^__Host-sid=[A-Za-z0-9_-]{43}; /);
      expect(header).toContain('Secure');
      expect(header).toContain('HttpOnly');
      expect(header).toContain('SameSite=Strict');
      expect(header).toContain('Path=/');
      expect(header).not.toMatch(/Domain=/i);
      const cookie = res.cookies.find((c) => c.name === '__Host-sid')!;
      const who = await https.app.inject({
        url: '/api/v1/staff/me',
        headers: { cookie: `__Host-sid=${cookie.value}` },
      });
      expect(who.statusCode).toBe(200);
      // The plain name is not read in production.
      const plain = await https.app.inject({
        url: '/api/v1/staff/me',
        headers: { cookie: `sid=${cookie.value}` },
      });
      expect(plain.statusCode).toBe(401);
    } finally {
      await https.close();
    }
  });
});

describe('logs (R10)', () => {
  it('contain no e-mail, password, session id or CSRF token', () => {
    const logs = t.logs.join('\n');
    expect(logs.length).toBeGreaterThan(0);
    expect(logs).not.toMatch(/@staff\.test/);
    for (const secret of secrets) expect(logs).not.toContain(secret);
    expect(logs).not.toMatch(/correct horse|Crème|wrong password/);
    expect(logs).not.toMatch(/\bsid=/);
  });
});
