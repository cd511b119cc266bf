// The findings of the attacker's pass, each proven fixed: per-address limits keyed on the mailbox
// (a `+tag` does not make a new budget) and a cap on verification mails per mailbox across clients
// that leaves the owner a way to file; HSTS when PUBLIC_URL is https (behind a TLS
// proxy), X-Frame-Options agreeing with frame-ancestors 'none', and answers Fastify or Node give
// before any route runs (a malformed percent-encoding, a 3,000-character reference, a request line
// the HTTP parser refuses) going through the one problem+json handler with the same headers and
// without quoting the URL back. Real HTTP on loopback where the parser is involved.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERIFICATION_MAILS_PER_MAILBOX } from '../../api/src/modules/rate-limits/mailbox-cap.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { pipelineSettled } from '../support/jobs.ts';

let plain: TestApp;
let tls: TestApp;
let tlsBase: string;

beforeAll(async () => {
  plain = await startTestApp();
  // Same database and SMTP server: the second app only differs by its PUBLIC_URL (its workers take
  // their share of the jobs, so its mail lands in the same sink).
  tls = await startTestApp({
    publicUrl: 'https://portal.example',
    databaseUrl: plain.databaseUrl,
    env: { SMTP_URL: plain.smtp.url },
  });
  tlsBase = await tls.listen();
}, 60_000);

afterAll(async () => {
  await tls?.close();
  await plain?.close();
});

function expectSecurityHeaders(headers: Record<string, unknown>) {
  expect(String(headers['content-security-policy'])).toContain("frame-ancestors 'none'");
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('no-referrer');
  expect(headers['cache-control']).toBe('no-store');
  expect(String(headers['strict-transport-security'])).toMatch(/max-age=\d{7,}/);
}

function headersOf(res: Response): Record<string, string> {
  const headers: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return headers;
}

/** One raw request on a fresh socket; the whole answer as text. */
function rawRequest(base: string, text: string): Promise<string> {
  const { port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1');
    let answer = '';
    socket.on('data', (d) => (answer += d));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
    socket.write(text);
  });
}

function parseRaw(answer: string) {
  const [head = '', body = ''] = answer.split('\r\n\r\n');
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const at = line.indexOf(':');
    headers[line.slice(0, at).toLowerCase()] = line.slice(at + 1).trim();
  }
  return { status: Number(statusLine.split(' ')[1]), headers, body };
}

describe('Strict-Transport-Security (finding b)', () => {
  it('is sent when PUBLIC_URL is https, even though the app itself listens on plain HTTP', async () => {
    const res = await fetch(`${tlsBase}/api/v1/config`);
    expect(res.status).toBe(200);
    expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
  });

  it('is not sent when PUBLIC_URL is plain http (a browser would pin a host it cannot reach over TLS)', async () => {
    const res = await plain.app.inject('/api/v1/config');
    expect(res.statusCode).toBe(200);
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });
});

describe('X-Frame-Options (finding d)', () => {
  it('says DENY, as frame-ancestors none does', async () => {
    const res = await plain.app.inject('/api/v1/config');
    expect(String(res.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
    expect(res.headers['x-frame-options']).toBe('DENY');
  });
});

describe('answers before routing (finding c)', () => {
  it('a malformed percent-encoding in a path parameter: 400 bad_url problem+json, headers, no echo', async () => {
    const url = '/api/v1/downloads/%E0%A4%A-marker';
    const res = await fetch(`${tlsBase}${url}`);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expectSecurityHeaders(headersOf(res));
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({ status: 400, code: 'bad_url' });
    expect(text).not.toContain('marker');
    expect(text).not.toContain('%E0');
  });

  it('a 3,000-character reference: 414 uri_too_long problem+json, headers, no echo', async () => {
    const reference = `DSR-${'A'.repeat(2996)}`;
    const res = await fetch(`${tlsBase}/api/v1/staff/requests/${reference}/package`);
    expect(res.status).toBe(414);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expectSecurityHeaders(headersOf(res));
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({ status: 414, code: 'uri_too_long' });
    expect(text).not.toContain('AAAA');
  });

  it('an unknown API route: 404 problem+json that does not quote the path', async () => {
    const res = await fetch(`${tlsBase}/api/v1/nothing-here-marker`);
    expect(res.status).toBe(404);
    expectSecurityHeaders(headersOf(res));
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({ code: 'route_not_found' });
    expect(text).not.toContain('marker');
  });

  it('a request line the HTTP parser refuses: 400 problem+json with the same headers', async () => {
    const answer = parseRaw(
      await rawRequest(tlsBase, 'GET /api/v1/health-marker HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n'),
    );
    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    expectSecurityHeaders(answer.headers);
    expect(JSON.parse(answer.body)).toMatchObject({ status: 400, code: 'bad_request' });
    expect(answer.body).not.toContain('marker');
  });

  it('headers over the limit: 431 problem+json with the same headers', async () => {
    const big = 'x'.repeat(20_000);
    const answer = parseRaw(
      await rawRequest(tlsBase, `GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Big: ${big}\r\n\r\n`),
    );
    expect(answer.status).toBe(431);
    expectSecurityHeaders(answer.headers);
    expect(JSON.parse(answer.body)).toMatchObject({ status: 431, code: 'headers_too_large' });
  });
});

describe('per-mailbox limits (finding a)', () => {
  let ipSeq = 0;
  const freshIp = () => `10.77.${Math.floor(++ipSeq / 250)}.${(ipSeq % 250) + 1}`;
  const file = (email: string, ip: string) =>
    plain.app.inject({
      method: 'POST',
      url: '/api/v1/requests',
      remoteAddress: ip,
      payload: { type: 'access', email, fullName: 'Mailbox Owner', locale: 'en', details: { scope: 'all' } },
    });
  const mailsToMailbox = (local: string) =>
    plain.smtp.messages.filter((m) =>
      m.to.some((to) => new RegExp(`^${local}(\\+[^@]*)?@example\\.test$`, 'i').test(to)),
    );

  it('one client varying the +tag or the case shares one budget: the sixth filing in an hour is a 429', async () => {
    const ip = freshIp();
    const codes = [];
    for (let i = 1; i <= 6; i++) {
      const email = i % 2 ? `tagged.one+dsr${i}@example.test` : `Tagged.One+DSR${i}@Example.test`;
      codes.push((await file(email, ip)).statusCode);
    }
    expect(codes).toEqual([202, 202, 202, 202, 202, 429]);
    // The owner, from their own connection, still files.
    expect((await file('tagged.one@example.test', freshIp())).statusCode).toBe(202);
  });

  /** Verification mails the cap held back (the log line names the request, never the address). */
  const withheld = () =>
    [...plain.logs, ...tls.logs].filter((l) => l.includes('verification mail not sent')).length;

  it('many clients get at most the daily cap of verification mails into one mailbox; the owner still files', async () => {
    const { max } = VERIFICATION_MAILS_PER_MAILBOX;
    // Two more filings than the cap, each from another client and with another tag: all answered 202
    // (a 429 would let anyone lock the owner out), only `max` verification mails delivered.
    for (let i = 1; i <= max + 2; i++) {
      expect((await file(`flooded+x${i}@example.test`, freshIp())).statusCode).toBe(202);
    }
    await plain.smtp.waitFor(() => mailsToMailbox('flooded').length >= max, 30_000);
    await pipelineSettled(plain.prisma, 30_000);
    expect(withheld()).toBe(2);
    expect(mailsToMailbox('flooded')).toHaveLength(max);

    // The owner files too: 202 and the reference on screen, but today's verification mails are used up.
    const owner = await file('flooded@example.test', freshIp());
    expect(owner.statusCode).toBe(202);
    const { reference } = owner.json();
    await pipelineSettled(plain.prisma, 30_000);
    expect(withheld()).toBe(3);
    expect(mailsToMailbox('flooded')).toHaveLength(max);

    // "I lost my link" with the reference (which only the filer has) mails a link that verifies it.
    const asked = await plain.app.inject({
      method: 'POST',
      url: '/api/v1/access-links',
      remoteAddress: freshIp(),
      payload: { email: 'flooded@example.test', reference },
    });
    expect(asked.statusCode).toBe(202);
    await plain.smtp.waitFor(() => mailsToMailbox('flooded').length > max, 15_000);
    const link = mailsToMailbox('flooded')[max]!;
    expect(link.to).toEqual(['flooded@example.test']);
    const token = /#token=([A-Za-z0-9_-]{43})/.exec(link.text)?.[1];
    expect(token).toBeDefined();
    const verified = await plain.app.inject({
      method: 'POST',
      url: '/api/v1/verifications',
      remoteAddress: freshIp(),
      payload: { token },
    });
    expect(verified.statusCode).toBe(200);
    expect(verified.json()).toMatchObject({ reference, status: 'verified' });
  }, 60_000);
});
