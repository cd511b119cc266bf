// R2, the rest of it: deeply nested JSON bodies and slow clients. A nested body is a 4xx problem+json
// (never a 500 or a stack overflow); a client that never finishes its headers or its body is cut off
// with a 408 once the request timeout (REQUEST_TIMEOUT_SECONDS, 1 s here) has passed, and other
// clients are served meanwhile. Real sockets on loopback.
import net from 'node:net';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';

// Two apps: the default timeouts for the nested bodies (parsing 100 kB on a loaded machine may take
// longer than the 1 s the slow-client case uses), and the short timeout for the slow clients.
let t: TestApp;
let base: string;
let slow: TestApp;
let slowBase: string;
let port: number;

beforeAll(async () => {
  t = await startTestApp({ env: { TRUST_PROXY: 'true' } });
  base = await t.listen();
  slow = await startTestApp({ env: { REQUEST_TIMEOUT_SECONDS: '1', TRUST_PROXY: 'true' } });
  slowBase = await slow.listen();
  port = Number(new URL(slowBase).port);
});

afterAll(async () => {
  await t?.close();
  await slow?.close();
});

let ip = 0;
const nextIp = () => `10.170.${Math.floor(++ip / 250)}.${(ip % 250) + 1}`;

describe('deeply nested JSON (R2)', () => {
  const depth = 20_000; // 40 kB of brackets, 120 kB of objects: under the body limit
  const nestedArray = `${'['.repeat(depth)}${']'.repeat(depth)}`;
  const nestedObject = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
  const bodies: Array<[string, string]> = [
    ['a nested array as the body', nestedArray],
    ['a nested object as the body', nestedObject],
    [
      'a nested value in details',
      `{"type":"access","email":"deep@example.test","fullName":"Deep","locale":"en","details":{"scope":${nestedObject}}}`,
    ],
    [
      'a nested value in an unknown field',
      `{"type":"access","email":"deep@example.test","fullName":"Deep","locale":"en","details":{"scope":"all"},"x":${nestedArray}}`,
    ],
  ];

  it.each(bodies)('%s on intake is a 400 problem+json', async (_name, body) => {
    const res = await request(base)
      .post('/api/v1/requests')
      .set('x-forwarded-for', nextIp())
      .set('content-type', 'application/json')
      .send(body);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(typeof res.body.code).toBe('string');
  });

  it('on verification and the staff login too', async () => {
    for (const url of ['/api/v1/verifications', '/api/v1/staff/session']) {
      for (const body of [nestedArray, `{"token":${nestedObject}}`, `{"email":${nestedArray}}`]) {
        const res = await request(base)
          .post(url)
          .set('x-forwarded-for', nextIp())
          .set('origin', 'http://portal.test')
          .set('content-type', 'application/json')
          .send(body);
        expect(res.status, `${url} ${body.slice(0, 20)}`).toBe(400);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
    }
  });

  it('leaves the server answering', async () => {
    expect((await request(base).get('/api/v1/health')).status).toBe(200);
  });
});

/** A raw connection that collects what the server sends and notes when it closes. */
function rawClient(): Promise<{ socket: net.Socket; received: () => string; closed: () => boolean }> {
  return new Promise((resolve, reject) => {
    let data = '';
    let isClosed = false;
    const socket = net.connect(port, '127.0.0.1', () =>
      resolve({ socket, received: () => data, closed: () => isClosed }),
    );
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (data += chunk));
    socket.on('close', () => (isClosed = true));
    socket.on('error', () => {}); // a reset after the 408 is fine
    socket.once('error', reject);
  });
}

async function until(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('slow clients (R2)', () => {
  it('cuts off a client that never finishes its headers or its body with a 408, serving others meanwhile', async () => {
    // Slowloris: headers trickle in and never end.
    const headers = await rawClient();
    headers.socket.write('POST /api/v1/requests HTTP/1.1\r\nHost: portal.test\r\n');
    // A body announced at 1,000 bytes of which 10 arrive.
    const body = await rawClient();
    body.socket.write(
      'POST /api/v1/requests HTTP/1.1\r\nHost: portal.test\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"type":"a',
    );
    let trickling = true;
    const trickle = (async () => {
      // Keep the slowloris connection busy (one header byte at a time), as such a client does.
      while (trickling && !headers.closed()) {
        headers.socket.write('X');
        await new Promise((r) => setTimeout(r, 100));
      }
    })();

    // Meanwhile other clients are served, while both slow connections are still open.
    const others = await Promise.all(
      Array.from({ length: 5 }, () =>
        request(slowBase).get('/api/v1/health').set('x-forwarded-for', nextIp()),
      ),
    );
    expect(others.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);

    await until(
      'both slow connections closed by the server',
      () => headers.closed() && body.closed(),
      15_000,
    );
    trickling = false;
    await trickle;
    for (const client of [headers, body]) {
      const answer = client.received();
      expect(answer).toMatch(/^HTTP\/1\.1 408 /);
      expect(answer.toLowerCase()).toContain('content-type: application/problem+json');
      expect(answer).toContain('"code":"request_timeout"');
    }
    // And the server still answers afterwards.
    expect((await request(slowBase).get('/api/v1/health')).status).toBe(200);
  });
});
