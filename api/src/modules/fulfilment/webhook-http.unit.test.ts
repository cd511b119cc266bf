import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unixSeconds, verifySignature } from './signature.ts';
import { httpFailure, signedPost } from './webhook-http.ts';

// Every webhook the portal sends (source deliveries, GPC signals, Art. 19 notices) goes through
// signedPost: a receiver that redirects gets no second, signed copy of the body elsewhere.

let server: Server;
let base: string;
const hits: Array<{ path: string; signature: string | undefined; body: string }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      hits.push({ path: req.url ?? '', signature: req.headers['x-dsr-signature'] as string, body });
      if (req.url === '/moved') res.writeHead(307, { location: '/elsewhere' }).end();
      else res.writeHead(202).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server.close();
});

describe('signedPost', () => {
  const secret = 'whsec_unit_test_secret_0123456789';

  it('posts the body once, signed with the target secret', async () => {
    hits.length = 0;
    const body = JSON.stringify({ id: 'x', event: 'dsr.access' });
    const now = new Date();
    const res = await signedPost({ url: `${base}/hook`, secret, timeoutSeconds: 5 }, body, now);
    expect(res.status).toBe(202);
    expect(hits).toHaveLength(1);
    expect(hits[0]!.body).toBe(body);
    expect(verifySignature(secret, body, hits[0]!.signature, unixSeconds(now)).ok).toBe(true);
  });

  it('does not follow a redirect: the answer is the 307 and nothing reaches its Location', async () => {
    hits.length = 0;
    const res = await signedPost({ url: `${base}/moved`, secret, timeoutSeconds: 5 }, '{}', new Date());
    expect(res.status).toBe(307);
    expect(hits.map((h) => h.path)).toEqual(['/moved']);
  });
});

describe('httpFailure', () => {
  it('tells a busy or down receiver (408, 429, 5xx) from a refusal', () => {
    expect([408, 429, 500, 502, 503].map((s) => httpFailure(s).code)).toEqual(
      Array(5).fill('source_unavailable'),
    );
    expect([301, 307, 400, 401, 404, 410].map((s) => httpFailure(s).code)).toEqual(
      Array(6).fill('source_rejected'),
    );
  });
});
