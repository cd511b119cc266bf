// The findings of the attacker's pass, each proven fixed: HSTS when PUBLIC_URL is https (behind a TLS
// proxy), X-Frame-Options agreeing with frame-ancestors 'none', and answers Fastify or Node give
// before any route runs (a malformed percent-encoding, a 3,000-character reference, a request line
// the HTTP parser refuses) going through the one problem+json handler with the same headers and
// without quoting the URL back. Real HTTP on loopback where the parser is involved.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';

let plain: TestApp;
let tls: TestApp;
let tlsBase: string;

beforeAll(async () => {
  plain = await startTestApp();
  // Same database: the second app only differs by its PUBLIC_URL.
  tls = await startTestApp({ publicUrl: 'https://portal.example', databaseUrl: plain.databaseUrl });
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
