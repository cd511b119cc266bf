import {
  createRequestSchema,
  DETAILS_SCHEMAS,
  REQUEST_TYPES,
  type RequestType,
} from '@dsr/shared/request-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { hashBody } from '../../api/src/modules/intake/idempotency.repository.ts';
import { formatDate } from '../../api/src/modules/notifications/subject-mails.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { pipelineSettled } from '../support/jobs.ts';
import type { CapturedMail } from '../support/smtp.ts';

// POST /api/v1/requests: every type end to end through the real SMTP sink, bad input for every
// field of every type, enumeration, Idempotency-Key (R13), rate limits (R5), GPC, logs (R10).

let t: TestApp;
const secrets = new Set<string>();
let ipCounter = 0;
/** A fresh client address, so per-IP limits of one test do not spill into another. */
const freshIp = () => {
  ipCounter += 1;
  return `10.1.${ipCounter >> 8}.${ipCounter & 255}`;
};
let seq = 0;
function person(prefix = 'subject') {
  seq += 1;
  const email = `${prefix}-${seq}-${Math.random().toString(36).slice(2, 8)}@example.test`;
  const fullName = `Camille Testperson${seq}x`;
  secrets.add(email);
  secrets.add(fullName);
  return { email, fullName };
}

const VALID_DETAILS: Record<RequestType, Record<string, unknown>> = {
  access: { scope: 'Everything you hold about me' },
  rectification: {
    corrections: [{ field: 'postal address', currentValue: '1 rue Vieille', correctedValue: '2 rue Neuve' }],
  },
  erasure: { reason: 'I closed my account' },
  restriction: { ground: 'accuracy_contested', scope: 'My address' },
  objection: { purposes: ['customer_analysis', 'direct_marketing'], grounds: 'My particular situation' },
  portability: { format: 'json', transferTo: { name: 'Other Company', email: 'dpo@other.test' } },
  consent_withdrawal: { purposes: ['newsletter', 'analytics_cookies'] },
  information: { question: 'Which data do you process about me?' },
  automated_decision: { decision: 'Refusal of payment in instalments', humanReviewRequested: true },
};

function validBody(type: RequestType, overrides: Record<string, unknown> = {}) {
  return { type, ...person(), locale: 'en', details: VALID_DETAILS[type], ...overrides };
}

async function post(body: unknown, options: { ip?: string; headers?: Record<string, string> } = {}) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/requests',
    remoteAddress: options.ip ?? freshIp(),
    headers: { 'content-type': 'application/json', ...options.headers },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

const mailTo = (address: string, match: (m: CapturedMail) => boolean = () => true) =>
  t.smtp.messages.filter((m) => m.to.includes(address) && match(m));

async function waitForMail(address: string, match: (m: CapturedMail) => boolean = () => true) {
  await t.smtp.waitFor(() => mailTo(address, match).length > 0, 15_000);
  return mailTo(address, match)[0]!;
}

beforeAll(async () => {
  t = await startTestApp();
});

afterAll(async () => {
  // R10: nothing identifying reached the log.
  const log = t.logs.join('\n');
  for (const secret of secrets) expect(log).not.toContain(secret);
  await t?.close();
});

describe('every request type, end to end', () => {
  it.concurrent.each(REQUEST_TYPES.map((type, i) => [type, i % 2 === 0 ? 'fr' : 'en'] as const))(
    '%s (%s): 202, verification mail with a working link, then the receipt with reference and due date',
    async (type, locale) => {
      const body = validBody(type, { locale });
      const res = await post(body);
      expect(res.statusCode).toBe(202);
      const answer = res.json();
      expect(answer).toEqual({
        reference: expect.stringMatching(/^DSR-\d{4}-\d{6,}$/),
        status: 'pending_verification',
      });

      const verification = await waitForMail(body.email);
      expect(verification.subject).toContain(answer.reference);
      expect(verification.subject).toMatch(locale === 'fr' ? /^Confirmez/ : /^Confirm your/);
      expect(verification.html).toContain(`<html lang="${locale}">`);
      expect(verification.text).toContain('contact@isolectra.fr');
      const link = /http:\/\/portal\.test\/verify#token=([A-Za-z0-9_-]{43})/.exec(verification.text);
      expect(link).not.toBeNull();
      const token = link![1]!;
      secrets.add(token);
      expect(verification.html).toContain(`http://portal.test/verify#token=${token}`);

      const verified = await t.app.inject({
        method: 'POST',
        url: '/api/v1/verifications',
        remoteAddress: freshIp(),
        payload: { token },
      });
      expect(verified.statusCode).toBe(200);
      const v = verified.json();
      expect(v).toEqual({
        reference: answer.reference,
        status: 'verified',
        accessToken: expect.any(String),
        locale,
      });
      expect(v.accessToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
      secrets.add(v.accessToken);

      const row = await t.prisma.request.findUniqueOrThrow({
        where: { reference: answer.reference },
        select: { status: true, dueAt: true, verifiedAt: true, type: true, locale: true, email: true },
      });
      expect(row).toMatchObject({ status: 'verified', type, locale, email: body.email });
      const receipt = await waitForMail(body.email, (m) => m.messageId !== verification.messageId);
      expect(receipt.subject).toContain(answer.reference);
      expect(receipt.text).toContain(formatDate(row.dueAt!, locale, 'Europe/Paris'));
      expect(receipt.text).toMatch(/http:\/\/portal\.test\/verify#token=[A-Za-z0-9_-]{43}/);
    },
  );

  it('stores the request with a normalised e-mail and the audit event; the mail brings one link token', async () => {
    const { email, fullName } = person('Mixed.Case');
    const res = await post({
      type: 'access',
      email: `  ${email.toUpperCase()} `,
      fullName,
      message: 'Hello ✓ 👋',
    });
    expect(res.statusCode).toBe(202);
    const { reference } = res.json();
    const request = await t.prisma.request.findUniqueOrThrow({
      where: { reference },
      select: { id: true, email: true, locale: true, details: true, message: true, gpc: true },
    });
    expect(request).toMatchObject({
      email: email.toLowerCase(),
      locale: 'fr',
      details: {},
      message: 'Hello ✓ 👋',
      gpc: false,
    });
    // The verification mail is the reaction to `request.received`: its token is issued with it.
    const fr = await waitForMail(email.toLowerCase());
    expect(fr.subject).toMatch(/^Confirmez votre demande/);
    const tokens = await t.prisma.requestToken.findMany({ where: { requestId: request.id } });
    expect(tokens).toHaveLength(1);
    expect(tokens[0]).toMatchObject({ purpose: 'verify', usedAt: null, revokedAt: null });
    const events = await t.prisma.auditEvent.findMany({
      where: { requestId: request.id },
      orderBy: { id: 'asc' },
    });
    expect(events.map((e) => e.type)).toEqual(['request.received', 'token.issued']);
    expect(events[0]!.data).toEqual({ type: 'access', gpc: false });
    expect(JSON.stringify(events.map((e) => e.data)).toLowerCase()).not.toContain(email.toLowerCase());
    secrets.add(email.toUpperCase());
  });

  it('logs each answer once: method, path without its query, route, status and time', async () => {
    const answerLines = () =>
      t.logs
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((line) => line.msg === 'request completed' || line.msg === 'incoming request');
    const before = answerLines().length;
    const res = await post(validBody('access'));
    expect(res.statusCode).toBe(202);
    const added = answerLines().slice(before);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({
      msg: 'request completed',
      req: { method: 'POST', url: '/api/v1/requests', route: '/api/v1/requests' },
      res: { statusCode: 202 },
      responseTime: expect.any(Number),
    });
    // Its verification mail goes out in the background: let that finish before the app closes.
    await pipelineSettled(t.prisma);
  });

  it('records Sec-GPC: 1 on the request and in the audit event', async () => {
    const res = await post(validBody('access'), { headers: { 'sec-gpc': '1' } });
    expect(res.statusCode).toBe(202);
    const request = await t.prisma.request.findUniqueOrThrow({
      where: { reference: res.json().reference },
      select: { id: true, gpc: true },
    });
    expect(request.gpc).toBe(true);
    const received = await t.prisma.auditEvent.findFirstOrThrow({
      where: { requestId: request.id, type: 'request.received' },
    });
    expect(received.data).toEqual({ type: 'access', gpc: true });
  });
});

// ---------- R1: bad input never reaches the database, never 5xx ----------

interface BadCase {
  name: string;
  body: unknown;
  /** The field the error must name (exact path); undefined when only the status matters. */
  path?: string;
}

type JsonSchema = {
  type?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  enum?: string[];
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  required?: string[];
};

/** Cases derived from each field's JSON Schema: wrong type, null, too long, bad enum, empty list, extra field. */
function fieldCases(
  schema: JsonSchema,
  path: string[],
  make: (at: string[], value: unknown) => unknown,
): BadCase[] {
  const cases: BadCase[] = [];
  const dotted = path.join('.');
  const add = (name: string, value: unknown) =>
    cases.push({ name: `${dotted}: ${name}`, body: make(path, value), path: dotted });
  add('null', null);
  if (schema.type === 'string') {
    add('wrong type', 42);
    if (schema.maxLength) add('too long', `${'x'.repeat(schema.maxLength - 7)}@a.test${'x'.repeat(10)}`);
    if (schema.enum) add('invalid enum', 'not_a_value');
  }
  if (schema.type === 'boolean') add('wrong type', 'yes');
  if (schema.type === 'array') {
    add('wrong type', 'a string');
    if (schema.minItems) add('empty list', []);
    if (schema.items?.enum) {
      cases.push({
        name: `${dotted}: invalid enum item`,
        body: make(path, ['not_a_value']),
        path: `${dotted}.0`,
      });
    }
  }
  if (schema.type === 'object' && schema.properties) {
    add('wrong type', 'a string');
    cases.push({
      name: `${dotted}: extra field`,
      body: make([...path, 'extra'], 1),
      path: `${dotted}.extra`,
    });
    for (const [key, child] of Object.entries(schema.properties)) {
      cases.push(...fieldCases(child, [...path, key], make));
    }
  }
  if (schema.type === 'array' && schema.items?.type === 'object') {
    cases.push(...fieldCases(schema.items, [...path, '0'], make));
  }
  return cases;
}

function setAt(base: Record<string, unknown>, at: string[], value: unknown): unknown {
  const copy = structuredClone(base);
  let cursor: Record<string, unknown> = copy;
  for (const key of at.slice(0, -1)) cursor = cursor[key] as Record<string, unknown>;
  cursor[at.at(-1)!] = value;
  return copy;
}

function casesFor(type: RequestType): BadCase[] {
  const base = validBody(type, { message: 'A message' });
  const make = (at: string[], value: unknown) => setAt(base, at, value);
  const top: BadCase[] = [
    { name: 'email: not an address', body: make(['email'], 'not-an-address'), path: 'email' },
    { name: 'email: too long', body: make(['email'], `${'a'.repeat(250)}@example.test`), path: 'email' },
    { name: 'email: null', body: make(['email'], null), path: 'email' },
    { name: 'email: wrong type', body: make(['email'], ['x@y.test']), path: 'email' },
    { name: 'fullName: too long', body: make(['fullName'], 'n'.repeat(201)), path: 'fullName' },
    { name: 'fullName: blank', body: make(['fullName'], '   '), path: 'fullName' },
    { name: 'fullName: wrong type', body: make(['fullName'], { first: 'a' }), path: 'fullName' },
    { name: 'locale: invalid enum', body: make(['locale'], 'de'), path: 'locale' },
    { name: 'locale: null', body: make(['locale'], null), path: 'locale' },
    { name: 'message: too long', body: make(['message'], 'm'.repeat(5001)), path: 'message' },
    { name: 'message: wrong type', body: make(['message'], 5), path: 'message' },
    { name: 'extra top-level field', body: make(['status'], 'completed'), path: 'status' },
    { name: 'constructor key', body: make(['constructor'], 'x'), path: 'constructor' },
    { name: 'details: extra field', body: make(['details', 'admin'], true), path: 'details.admin' },
  ];
  const { required = [] } = z.toJSONSchema(DETAILS_SCHEMAS[type], { io: 'input' }) as JsonSchema;
  if (required.length > 0) {
    top.push({ name: 'details: missing', body: { ...base, details: undefined }, path: 'details' });
  }
  const details = fieldCases(
    z.toJSONSchema(DETAILS_SCHEMAS[type], { io: 'input' }) as JsonSchema,
    ['details'],
    make,
  );
  return [...top, ...details].map((c) => ({ ...c, name: `${type} ${c.name}` }));
}

const BAD_CASES: BadCase[] = [
  ...REQUEST_TYPES.flatMap(casesFor),
  {
    name: 'rectification: 51 corrections',
    body: validBody('rectification', {
      details: { corrections: Array.from({ length: 51 }, () => ({ field: 'f', correctedValue: 'v' })) },
    }),
    path: 'details.corrections',
  },
  {
    name: 'rectification: correction without correctedValue',
    body: validBody('rectification', { details: { corrections: [{ field: 'f' }] } }),
    path: 'details.corrections.0.correctedValue',
  },
  {
    name: 'objection without grounds',
    body: validBody('objection', { details: { purposes: ['customer_analysis'] } }),
    path: 'details.grounds',
  },
  {
    name: 'objection: duplicated purpose',
    body: validBody('objection', { details: { purposes: ['direct_marketing', 'direct_marketing'] } }),
    path: 'details.purposes',
  },
  { name: 'unknown type', body: validBody('access', { type: 'appeal' }), path: 'type' },
  { name: 'type: null', body: validBody('access', { type: null }), path: 'type' },
  { name: 'missing type', body: { ...validBody('access'), type: undefined } },
  { name: 'body: null', body: 'null' },
  { name: 'body: array', body: '[]' },
  { name: 'body: string', body: '"text"' },
  { name: 'body: not JSON', body: '{"type": "access",' },
  {
    name: '__proto__ at the top',
    body: `{"__proto__":{"polluted":true},${JSON.stringify(validBody('access')).slice(1)}`,
  },
  {
    name: '__proto__ in details',
    body: JSON.stringify(validBody('access')).replace(
      '"details":{',
      '"details":{"__proto__":{"polluted":true},',
    ),
  },
  { name: 'constructor.prototype', body: `{"constructor":{"prototype":{"polluted":true}},"type":"access"}` },
  {
    name: 'deep nesting',
    body: validBody('access', { details: JSON.parse(`${'{"a":'.repeat(500)}1${'}'.repeat(500)}`) }),
  },
  {
    name: 'unicode and control characters in an enum',
    body: validBody('restriction', { details: { ground: 'légal\u0000' } }),
    path: 'details.ground',
  },
];

describe('bad input (R1)', () => {
  it(`answers ${BAD_CASES.length} malformed bodies with 400 problem+json naming the field, never 5xx`, async () => {
    const before = await t.prisma.request.count();
    const failures: string[] = [];
    for (const c of BAD_CASES) {
      const res = await post(c.body);
      const problem = res.json();
      const paths: string[] = (problem.errors ?? []).map((e: { path: string }) => e.path);
      const ok =
        res.statusCode === 400 &&
        /^application\/problem\+json/.test(String(res.headers['content-type'])) &&
        typeof problem.code === 'string' &&
        !JSON.stringify(problem).includes('    at ') &&
        (c.path === undefined || (problem.code === 'validation_failed' && paths.includes(c.path)));
      if (!ok) failures.push(`${c.name}: ${res.statusCode} ${res.body.slice(0, 300)}`);
    }
    expect(failures).toEqual([]);
    expect(await t.prisma.request.count()).toBe(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('names a nested unknown field by its full path', async () => {
    const res = await post(
      validBody('rectification', {
        details: {
          corrections: [
            { field: 'f', correctedValue: 'v' },
            { field: 'g', correctedValue: 'w', isAdmin: true },
          ],
        },
      }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toContainEqual(
      expect.objectContaining({ path: 'details.corrections.1.isAdmin', code: 'unrecognized_keys' }),
    );
  });

  it('accepts the boundaries: 50 corrections, a 5,000-character message, objection to direct marketing without grounds', async () => {
    for (const body of [
      validBody('rectification', {
        details: {
          corrections: Array.from({ length: 50 }, (_, i) => ({ field: `f${i}`, correctedValue: 'v' })),
        },
      }),
      validBody('access', { message: 'é'.repeat(5000) }),
      validBody('objection', { details: { purposes: ['direct_marketing'] } }),
      validBody('access', { details: undefined }),
    ]) {
      const res = await post(body);
      expect(res.statusCode, res.body).toBe(202);
    }
  });
});

// ---------- R3: no enumeration ----------

describe('enumeration (R3)', () => {
  it('answers a known and an unknown address with the same status, body shape and headers', async () => {
    const known = person('known');
    const first = await post(validBody('access', known));
    expect(first.statusCode).toBe(202);

    const again = await post(validBody('erasure', known));
    const unknown = await post(validBody('erasure', person('unknown')));
    expect(again.statusCode).toBe(unknown.statusCode);
    expect(Object.keys(again.json()).sort()).toEqual(Object.keys(unknown.json()).sort());
    expect(again.json().status).toBe(unknown.json().status);
    expect(Object.keys(again.headers).sort()).toEqual(Object.keys(unknown.headers).sort());
    for (const name of ['content-type', 'cache-control', 'x-ratelimit-limit', 'x-ratelimit-remaining']) {
      expect(again.headers[name], name).toBe(unknown.headers[name]);
    }
  });
});

// ---------- R13: Idempotency-Key ----------

describe('Idempotency-Key (R13)', () => {
  it('20 identical calls in parallel create one request; the others replay it or get 409; a later call replays; another body gets 422', async () => {
    const body = validBody('information');
    const key = `key-${Math.random().toString(36).slice(2)}`;
    const headers = { 'idempotency-key': key };
    const responses = await Promise.all(Array.from({ length: 20 }, () => post(body, { headers })));
    const statuses = responses.map((r) => r.statusCode);
    expect(
      statuses.every((s) => s === 202 || s === 409),
      statuses.join(','),
    ).toBe(true);
    const accepted = responses.filter((r) => r.statusCode === 202).map((r) => r.json());
    expect(accepted.length).toBeGreaterThanOrEqual(1);
    expect(new Set(accepted.map((a) => a.reference)).size).toBe(1);
    for (const r of responses.filter((x) => x.statusCode === 409)) {
      expect(r.json()).toMatchObject({ code: 'idempotency_in_flight' });
    }
    expect(await t.prisma.request.count({ where: { email: body.email } })).toBe(1);

    const later = await post(body, { headers });
    expect(later.statusCode).toBe(202);
    expect(later.json()).toEqual(accepted[0]);

    // Same content with keys in another order and different spacing is the same body.
    const reordered = await post(
      {
        details: body.details,
        locale: body.locale,
        fullName: ` ${body.fullName} `,
        email: body.email.toUpperCase(),
        type: body.type,
      },
      { headers },
    );
    expect(reordered.statusCode).toBe(202);
    expect(reordered.json()).toEqual(accepted[0]);

    const other = await post({ ...body, details: { question: 'Another question' } }, { headers });
    expect(other.statusCode).toBe(422);
    expect(other.json()).toMatchObject({ code: 'idempotency_mismatch' });
    expect(await t.prisma.request.count({ where: { email: body.email } })).toBe(1);
    await waitForMail(body.email);
    await pipelineSettled(t.prisma);
    expect(mailTo(body.email)).toHaveLength(1);
  });

  it('removes the key when the work fails, so the client can retry with it', async () => {
    const who = person('limited');
    const ip = freshIp();
    for (let i = 0; i < 5; i++) expect((await post(validBody('access', who), { ip })).statusCode).toBe(202);
    const headers = { 'idempotency-key': `retry-${Math.random()}` };
    const body = validBody('erasure', who);
    const limited = await post(body, { headers, ip });
    expect(limited.statusCode).toBe(429);
    expect(await t.prisma.idempotencyKey.count({ where: { key: headers['idempotency-key'] } })).toBe(0);
    t.clock.advance(3_600_000 + 1000);
    const retried = await post(body, { headers, ip });
    expect(retried.statusCode).toBe(202);
    const replay = await post(body, { headers, ip });
    expect(replay.json()).toEqual(retried.json());
  });

  it('answers 409 while the first call holds the key, and takes over a key abandoned for minutes', async () => {
    const body = validBody('access');
    const key = `held-${Math.random()}`;
    const requestHash = hashBody(createRequestSchema.parse(body));
    const scope = 'POST /api/v1/requests';
    await t.prisma.idempotencyKey.create({ data: { scope, key, requestHash, createdAt: t.clock.now } });
    const held = await post(body, { headers: { 'idempotency-key': key } });
    expect(held.statusCode).toBe(409);
    expect(held.json()).toMatchObject({ code: 'idempotency_in_flight' });
    expect(held.headers['retry-after']).toBe('1');
    expect(await t.prisma.request.count({ where: { email: body.email } })).toBe(0);

    t.clock.advance(3 * 60_000);
    const taken = await post(body, { headers: { 'idempotency-key': key } });
    expect(taken.statusCode).toBe(202);
    expect(await t.prisma.request.count({ where: { email: body.email } })).toBe(1);
  });

  it('rejects a malformed key with 400 naming the header', async () => {
    for (const key of ['has space', 'x'.repeat(256), 'é']) {
      const res = await post(validBody('access'), { headers: { 'idempotency-key': key } });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors.map((e: { path: string }) => e.path)).toContain('headers.idempotency-key');
    }
  });
});

// ---------- R5: rate limits ----------

describe('rate limits (R5)', () => {
  it('limits one IP to 20 submissions a minute, with Retry-After', async () => {
    const ip = freshIp();
    for (let i = 0; i < 20; i++) expect((await post({}, { ip })).statusCode).toBe(400);
    const limited = await post(validBody('access'), { ip });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(limited.json()).toMatchObject({ status: 429, code: 'rate_limited' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another client is not locked out.
    expect((await post(validBody('access'))).statusCode).toBe(202);
  });

  it('limits one address to 5 submissions an hour from one client, without locking the owner out', async () => {
    const who = person('flood');
    const attacker = freshIp();
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await post(validBody('access', who), { ip: attacker }));
    expect(answers.map((r) => r.statusCode)).toEqual([202, 202, 202, 202, 202, 429]);
    const limited = answers[5]!;
    expect(limited.json()).toMatchObject({ code: 'rate_limited' });
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    // The address in another case is the same address.
    expect(
      (await post(validBody('access', { ...who, email: who.email.toUpperCase() }), { ip: attacker }))
        .statusCode,
    ).toBe(429);
    // The address's owner, from their own connection, can still file (R5: no victim lockout).
    expect((await post(validBody('access', who), { ip: freshIp() })).statusCode).toBe(202);
    // Other addresses are unaffected, even from the flooding client.
    expect((await post(validBody('access'), { ip: attacker })).statusCode).toBe(202);
    t.clock.advance(retryAfter * 1000);
    expect((await post(validBody('access', who), { ip: attacker })).statusCode).toBe(202);
  });
});
