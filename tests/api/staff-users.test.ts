import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { createStaffUser, loginAs, originOf, type StaffLogin, signIn } from '../support/staff.ts';

// User admin: admins only (R8 for these routes), validation of the shared schemas, self-protection,
// disabling ends sessions at once, every change audited without personal data.

let t: TestApp;
let admin: StaffLogin;
const secrets: string[] = [];

beforeAll(async () => {
  t = await startTestApp();
  admin = await loginAs(t, 'admin');
  secrets.push(admin.user.email, admin.user.name, admin.csrfToken, admin.cookie.split('=')[1]!);
});

afterAll(async () => {
  await t?.close();
});

const PASSWORD = 'a long enough password';

function call(session: StaffLogin | null, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) {
  const headers: Record<string, string> = session?.headers ?? {
    origin: originOf(t),
    'content-type': 'application/json',
  };
  return t.app.inject({
    method,
    url,
    headers: method === 'GET' ? { cookie: headers.cookie ?? '' } : headers,
    ...(payload !== undefined ? { payload: JSON.stringify(payload) } : {}),
  });
}

const me = (cookie: string) => t.app.inject({ url: '/api/v1/staff/me', headers: { cookie } });

function loginStatus(email: string, password: string) {
  return t.app
    .inject({
      method: 'POST',
      url: '/api/v1/staff/session',
      remoteAddress: `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
      headers: { origin: originOf(t), 'content-type': 'application/json' },
      payload: { email, password },
    })
    .then((res) => res.statusCode);
}

describe('access (admins only)', () => {
  it('answers 403 forbidden to agents and auditors and 401 to the logged out, on every route', async () => {
    const target = await createStaffUser(t.prisma, { role: 'agent' });
    const agent = await loginAs(t, 'agent');
    const auditor = await loginAs(t, 'auditor');
    const routes: ['GET' | 'POST' | 'PATCH', string, unknown][] = [
      ['GET', '/api/v1/staff/users', undefined],
      [
        'POST',
        '/api/v1/staff/users',
        { email: 'x@staff.test', name: 'X', role: 'admin', password: PASSWORD },
      ],
      ['PATCH', `/api/v1/staff/users/${target.id}`, { role: 'admin' }],
      ['PATCH', `/api/v1/staff/users/${agent.user.id}`, { role: 'admin' }],
    ];
    for (const [method, url, payload] of routes) {
      for (const [who, session, status, code] of [
        ['agent', agent, 403, 'forbidden'],
        ['auditor', auditor, 403, 'forbidden'],
        ['logged out', null, 401, 'unauthorized'],
      ] as const) {
        const res = await call(session, method, url, payload);
        expect(res.statusCode, `${who} ${method} ${url}`).toBe(status);
        expect(res.json()).toMatchObject({ code });
      }
    }
    expect(await t.prisma.staffUser.count({ where: { email: 'x@staff.test' } })).toBe(0);
    expect((await t.prisma.staffUser.findUniqueOrThrow({ where: { id: agent.user.id } })).role).toBe('agent');
  });
});

describe('list and create', () => {
  it('lists staff users without password hashes', async () => {
    const res = await call(admin, 'GET', '/api/v1/staff/users');
    expect(res.statusCode).toBe(200);
    const { items } = res.json();
    expect(items).toContainEqual({
      id: admin.user.id,
      email: admin.user.email,
      name: admin.user.name,
      role: 'admin',
      locale: 'fr',
      disabled: false,
      lastLoginAt: expect.any(String),
      createdAt: expect.any(String),
    });
    expect(res.body).not.toContain('argon2');
    expect(res.body).not.toContain('passwordHash');
  });

  it('creates a user who can then log in; the e-mail is normalised; the event is audited', async () => {
    const res = await call(admin, 'POST', '/api/v1/staff/users', {
      email: '  New.Agent@Staff.TEST ',
      name: '  Nouvel Agent ',
      role: 'agent',
      password: PASSWORD,
    });
    expect(res.statusCode).toBe(201);
    const created = res.json();
    expect(created).toEqual({
      id: expect.any(String),
      email: 'new.agent@staff.test',
      name: 'Nouvel Agent',
      role: 'agent',
      locale: 'fr',
      disabled: false,
      lastLoginAt: null,
      createdAt: expect.any(String),
    });
    expect(await loginStatus('new.agent@staff.test', PASSWORD)).toBe(200);
    const event = await t.prisma.auditEvent.findFirstOrThrow({ where: { type: 'staff.user_created' } });
    expect(event).toMatchObject({ actorType: 'staff', actorId: admin.user.id, requestId: null });
    expect(event.data).toEqual({ userId: created.id, role: 'agent' });
  });

  it('refuses a duplicate e-mail (any case) with 409', async () => {
    const existing = await createStaffUser(t.prisma, { role: 'agent' });
    const res = await call(admin, 'POST', '/api/v1/staff/users', {
      email: existing.email.toUpperCase(),
      name: 'Copy',
      role: 'agent',
      password: PASSWORD,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'conflict' });
  });

  it('applies the password rule in code points after NFC: 12 to 128, no composition rules', async () => {
    const post = (password: string, suffix: string) =>
      call(admin, 'POST', '/api/v1/staff/users', {
        email: `pw-${suffix}@staff.test`,
        name: 'Password rule',
        role: 'auditor',
        password,
      });
    const cases: [string, string, number][] = [
      ['11 letters', 'a'.repeat(11), 400],
      ['12 letters, all lower case', 'a'.repeat(12), 201],
      ['12 emoji (24 UTF-16 units)', '🔒'.repeat(12), 201],
      ['11 emoji (22 UTF-16 units)', '🔒'.repeat(11), 400],
      ['12 characters in NFD, 12 in NFC', 'e\u0301'.repeat(12), 201],
      ['11 characters in NFC, 22 in NFD', 'e\u0301'.repeat(11), 400],
      ['128 characters', 'b'.repeat(128), 201],
      ['129 characters', 'b'.repeat(129), 400],
      ['spaces count, never trimmed', `  ${'c'.repeat(10)}`, 201],
    ];
    for (const [i, [name, password, status]] of cases.entries()) {
      const res = await post(password, String(i));
      expect(res.statusCode, name).toBe(status);
      if (status === 400) expect(res.json().errors[0].path, name).toBe('password');
    }
    // The NFD password was stored normalised: its NFC form logs in.
    expect(await loginStatus('pw-4@staff.test', 'é'.repeat(12))).toBe(200);
  });

  it('rejects bad fields with 400 naming them', async () => {
    const bad: [unknown, string][] = [
      [{ email: 'not-an-email', name: 'N', role: 'agent', password: PASSWORD }, 'email'],
      [{ email: 'r@staff.test', name: 'N', role: 'root', password: PASSWORD }, 'role'],
      [{ email: 'r@staff.test', name: '   ', role: 'agent', password: PASSWORD }, 'name'],
      [
        { email: 'r@staff.test', name: 'N', role: 'agent', password: PASSWORD, disabledAt: null },
        'disabledAt',
      ],
      [{ email: 'r@staff.test', name: 'N', role: 'agent' }, 'password'],
    ];
    for (const [payload, path] of bad) {
      const res = await call(admin, 'POST', '/api/v1/staff/users', payload);
      expect(res.statusCode, path).toBe(400);
      expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    const proto = await t.app.inject({
      method: 'POST',
      url: '/api/v1/staff/users',
      headers: admin.headers,
      payload: `{"email":"r@staff.test","name":"N","role":"agent","password":"${PASSWORD}","__proto__":{"x":1}}`,
    });
    expect(proto.statusCode).toBe(400);
    expect(await t.prisma.staffUser.count({ where: { email: 'r@staff.test' } })).toBe(0);
  });
});

describe('update', () => {
  it('renames and changes the role, audited without the name', async () => {
    const user = await createStaffUser(t.prisma, { role: 'agent' });
    const res = await call(admin, 'PATCH', `/api/v1/staff/users/${user.id}`, {
      name: 'Renamed Person',
      role: 'auditor',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: user.id, name: 'Renamed Person', role: 'auditor' });
    const event = await t.prisma.auditEvent.findFirstOrThrow({
      where: { type: 'staff.user_updated' },
      orderBy: { id: 'desc' },
    });
    expect(event.actorId).toBe(admin.user.id);
    expect(event.data).toEqual({
      userId: user.id,
      fields: ['name', 'role'],
      role: 'auditor',
      sessionsRevoked: 0,
    });
    expect(JSON.stringify(event.data)).not.toContain('Renamed');
  });

  it('refuses to let an admin disable or demote themself (422), allows renaming themself', async () => {
    const url = `/api/v1/staff/users/${admin.user.id}`;
    for (const payload of [
      { disabled: true },
      { role: 'agent' },
      { role: 'auditor' },
      { name: 'X', disabled: true },
    ]) {
      const res = await call(admin, 'PATCH', url, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(422);
      expect(res.json()).toMatchObject({ code: 'unprocessable' });
    }
    expect((await call(admin, 'PATCH', url, { role: 'admin', disabled: false })).statusCode).toBe(200);
    expect((await me(admin.cookie)).statusCode).toBe(200);
  });

  it('disabling ends every session of the user at once and refuses their login; enabling restores login', async () => {
    const user = await createStaffUser(t.prisma, { role: 'agent' });
    const first = await signIn(t, user);
    const second = await signIn(t, user);
    expect((await me(first.cookie)).statusCode).toBe(200);

    const res = await call(admin, 'PATCH', `/api/v1/staff/users/${user.id}`, { disabled: true });
    expect(res.statusCode).toBe(200);
    expect(res.json().disabled).toBe(true);
    expect((await me(first.cookie)).statusCode).toBe(401);
    expect((await me(second.cookie)).statusCode).toBe(401);
    expect(await t.prisma.staffSession.count({ where: { userId: user.id, revokedAt: null } })).toBe(0);
    expect(await loginStatus(user.email, user.password)).toBe(401);
    const event = await t.prisma.auditEvent.findFirstOrThrow({
      where: { type: 'staff.user_updated' },
      orderBy: { id: 'desc' },
    });
    expect(event.data).toMatchObject({ userId: user.id, disabled: true, sessionsRevoked: 2 });

    const enabled = await call(admin, 'PATCH', `/api/v1/staff/users/${user.id}`, { disabled: false });
    expect(enabled.json().disabled).toBe(false);
    expect((await me(first.cookie)).statusCode).toBe(401);
    expect(await loginStatus(user.email, user.password)).toBe(200);
  });

  it('a new password replaces the old one and ends the user’s sessions', async () => {
    const user = await createStaffUser(t.prisma, { role: 'agent' });
    const session = await signIn(t, user);
    const res = await call(admin, 'PATCH', `/api/v1/staff/users/${user.id}`, {
      password: 'the brand new password',
    });
    expect(res.statusCode).toBe(200);
    expect((await me(session.cookie)).statusCode).toBe(401);
    expect(await loginStatus(user.email, user.password)).toBe(401);
    expect(await loginStatus(user.email, 'the brand new password')).toBe(200);
    expect(
      (await call(admin, 'PATCH', `/api/v1/staff/users/${user.id}`, { password: 'short' })).statusCode,
    ).toBe(400);
  });

  it('an admin changing their own password keeps this session and ends their others', async () => {
    const self = await loginAs(t, 'admin');
    const elsewhere = await signIn(t, self.user);
    const res = await call(self, 'PATCH', `/api/v1/staff/users/${self.user.id}`, {
      password: 'my own new password',
    });
    expect(res.statusCode).toBe(200);
    expect((await me(self.cookie)).statusCode).toBe(200);
    expect((await me(elsewhere.cookie)).statusCode).toBe(401);
  });

  it('answers 404 for an unknown user, 400 for a bad id, an empty body or unknown fields', async () => {
    const unknown = await call(admin, 'PATCH', '/api/v1/staff/users/00000000-0000-4000-8000-000000000000', {
      name: 'Nobody',
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'not_found' });
    expect((await call(admin, 'PATCH', '/api/v1/staff/users/not-a-uuid', { name: 'N' })).statusCode).toBe(
      400,
    );
    const target = await createStaffUser(t.prisma, { role: 'agent' });
    expect((await call(admin, 'PATCH', `/api/v1/staff/users/${target.id}`, {})).statusCode).toBe(400);
    const extra = await call(admin, 'PATCH', `/api/v1/staff/users/${target.id}`, {
      email: 'steal@staff.test',
    });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().errors).toContainEqual(expect.objectContaining({ path: 'email' }));
    expect(
      (await call(admin, 'PATCH', `/api/v1/staff/users/${target.id}`, { disabled: 'yes' })).statusCode,
    ).toBe(400);
  });

  it('a demoted admin loses admin access on the next request', async () => {
    const other = await loginAs(t, 'admin');
    expect((await call(other, 'GET', '/api/v1/staff/users')).statusCode).toBe(200);
    await call(admin, 'PATCH', `/api/v1/staff/users/${other.user.id}`, { role: 'agent' });
    expect((await call(other, 'GET', '/api/v1/staff/users')).statusCode).toBe(403);
  });
});

describe('locale (the account’s language)', () => {
  it('an admin changes an account’s locale; the account signs in with it; audited as a locale change', async () => {
    const user = await createStaffUser(t.prisma, { role: 'agent' });
    const res = await call(admin, 'PATCH', `/api/v1/staff/users/${user.id}`, { locale: 'en' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: user.id, locale: 'en' });
    const listed = (await call(admin, 'GET', '/api/v1/staff/users')).json().items;
    expect(listed.find((u: { id: string }) => u.id === user.id)).toMatchObject({ locale: 'en' });
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/staff/session',
      headers: { origin: originOf(t), 'content-type': 'application/json' },
      payload: { email: user.email, password: user.password },
    });
    expect(login.json().user).toMatchObject({ id: user.id, locale: 'en' });
    const session = await signIn(t, user);
    expect((await me(session.cookie)).json().user).toMatchObject({ id: user.id, locale: 'en' });
    const event = await t.prisma.auditEvent.findFirstOrThrow({
      where: { type: 'staff.user_updated' },
      orderBy: { id: 'desc' },
    });
    expect(event.actorId).toBe(admin.user.id);
    expect(event.data).toEqual({ userId: user.id, fields: ['locale'], sessionsRevoked: 0 });
  });

  it('every role changes its own locale with PATCH /staff/me (session kept, audited, the actor itself)', async () => {
    for (const role of ['agent', 'auditor', 'admin'] as const) {
      const own = await loginAs(t, role);
      const res = await call(own, 'PATCH', '/api/v1/staff/me', { locale: 'en' });
      expect(res.statusCode, role).toBe(200);
      expect(res.json()).toMatchObject({
        user: { id: own.user.id, role, locale: 'en' },
        csrfToken: own.csrfToken,
      });
      expect((await me(own.cookie)).json().user).toMatchObject({ locale: 'en' });
      expect((await t.prisma.staffUser.findUniqueOrThrow({ where: { id: own.user.id } })).locale).toBe('en');
      const event = await t.prisma.auditEvent.findFirstOrThrow({
        where: { type: 'staff.user_updated' },
        orderBy: { id: 'desc' },
      });
      expect(event.actorId).toBe(own.user.id);
      expect(event.data).toEqual({ userId: own.user.id, fields: ['locale'], sessionsRevoked: 0 });
      // Back to French: the switch works both ways.
      expect((await call(own, 'PATCH', '/api/v1/staff/me', { locale: 'fr' })).json().user.locale).toBe('fr');
    }
  });

  it('PATCH /staff/me changes nothing but the locale: other fields, bad locales, no session, no CSRF refused', async () => {
    const own = await loginAs(t, 'agent');
    for (const payload of [
      { role: 'admin' },
      { locale: 'en', role: 'admin' },
      { name: 'X' },
      {},
      { locale: 'de' },
    ]) {
      const res = await call(own, 'PATCH', '/api/v1/staff/me', payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json()).toMatchObject({ code: 'validation_failed' });
    }
    expect((await call(null, 'PATCH', '/api/v1/staff/me', { locale: 'en' })).statusCode).toBe(401);
    const noCsrf = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/staff/me',
      headers: { ...own.headers, 'x-csrf-token': 'nope' },
      payload: { locale: 'en' },
    });
    expect(noCsrf.statusCode).toBe(403);
    const row = await t.prisma.staffUser.findUniqueOrThrow({ where: { id: own.user.id } });
    expect({ role: row.role, locale: row.locale }).toEqual({ role: 'agent', locale: 'fr' });
  });
});

describe('logs (R10)', () => {
  it('contain no e-mail, name, password, session id or CSRF token', () => {
    const logs = t.logs.join('\n');
    expect(logs.length).toBeGreaterThan(0);
    expect(logs).not.toMatch(/@staff\.test|staff\.test/i);
    for (const secret of secrets) expect(logs).not.toContain(secret);
    expect(logs).not.toMatch(/password|Nouvel Agent|Renamed Person/);
  });
});
