import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { ENGLISH_ONLY_CONTROLLER, writeControllerFile } from '../support/controllers.ts';
import { pipelineSettled } from '../support/jobs.ts';
import { loginAs, randomIp } from '../support/staff.ts';

// The controller file's `locales` are the only languages a request or a staff account can have:
// under a controller offering English only, French is refused with 400 locale_not_offered naming the
// field, nothing is stored or sent, and a request without a locale is filed in English.

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ env: { CONTROLLER_CONFIG: writeControllerFile(ENGLISH_ONLY_CONTROLLER) } });
});

afterAll(async () => {
  await t?.close();
});

const body = (email: string, locale?: string) => ({
  type: 'information',
  email,
  fullName: 'Niamh Walsh',
  ...(locale ? { locale } : {}),
  details: { question: 'What do you hold about me?' },
});

const file = (payload: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/requests',
    remoteAddress: randomIp(),
    headers: { 'content-type': 'application/json', ...headers },
    payload: JSON.stringify(payload),
  });

describe('intake under a controller offering English only', () => {
  it('refuses a French request with 400 locale_not_offered naming `locale`; nothing stored, no mail', async () => {
    const email = 'niamh.fr@example.test';
    for (const headers of [{}, { 'idempotency-key': 'offered-locales-fr-1' }] as Record<string, string>[]) {
      const res = await file(body(email, 'fr'), headers);
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({
        status: 400,
        code: 'locale_not_offered',
        type: 'urn:problem:dsr:locale_not_offered',
        errors: [{ path: 'locale', code: 'locale_not_offered' }],
      });
    }
    expect(await t.prisma.request.count({ where: { email } })).toBe(0);
    // The refused Idempotency-Key was not claimed: the same key files the corrected body.
    const fixed = await file(body(email, 'en'), { 'idempotency-key': 'offered-locales-fr-1' });
    expect(fixed.statusCode).toBe(202);
    await pipelineSettled(t.prisma);
    expect(t.smtp.messages.filter((m) => m.to.includes(email))).toHaveLength(1);
  });

  it('files a request without a locale in the controller’s first one (English), its mail in English', async () => {
    const email = 'niamh.default@example.test';
    const res = await file(body(email));
    expect(res.statusCode).toBe(202);
    const row = await t.prisma.request.findFirstOrThrow({ where: { email } });
    expect(row.locale).toBe('en');
    await t.smtp.waitFor((messages) => messages.some((m) => m.to.includes(email)));
    const mail = t.smtp.messages.find((m) => m.to.includes(email));
    // The verification mail in English: its French subject would start with "Confirmez".
    expect(mail?.subject).toMatch(/confirm/i);
    expect(mail?.subject).not.toMatch(/confirmez/i);
  });

  it('still refuses a locale no controller can offer as a plain validation error', async () => {
    const res = await file(body('niamh.de@example.test', 'de'));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'locale' }] });
  });
});

describe('staff accounts under a controller offering English only', () => {
  it('refuses French for a new account, an admin change and one’s own account (400 naming `locale`)', async () => {
    const admin = await loginAs(t, 'admin');
    const agent = await loginAs(t, 'agent');
    await t.prisma.staffUser.update({ where: { id: agent.user.id }, data: { locale: 'en' } });
    const attempts = [
      t.app.inject({
        method: 'POST',
        url: '/api/v1/staff/users',
        headers: admin.headers,
        payload: {
          email: 'fr.agent@staff.test',
          name: 'FR',
          role: 'agent',
          password: 'a long enough password',
          locale: 'fr',
        },
      }),
      t.app.inject({
        method: 'PATCH',
        url: `/api/v1/staff/users/${agent.user.id}`,
        headers: admin.headers,
        payload: { locale: 'fr' },
      }),
      t.app.inject({
        method: 'PATCH',
        url: '/api/v1/staff/me',
        headers: agent.headers,
        payload: { locale: 'fr' },
      }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({
        code: 'locale_not_offered',
        errors: [{ path: 'locale', code: 'locale_not_offered' }],
      });
    }
    expect(await t.prisma.staffUser.count({ where: { email: 'fr.agent@staff.test' } })).toBe(0);
    expect((await t.prisma.staffUser.findUniqueOrThrow({ where: { id: agent.user.id } })).locale).toBe('en');
  });
});
