// R3, timing: a known and an unknown address take the same time to answer on intake, "I lost my
// link" and staff login. 200 samples of each, interleaved (known, unknown, known, …) so that a load
// spike on this shared machine hits both alike, compared with a two-sided Mann–Whitney U test. The
// test asserts the rank test does not reject "same distribution" at α = 0.001 and prints the figures
// (medians, U, z, p): a statistical assertion, not a time budget.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { createStaffUser } from '../support/staff.ts';

const SAMPLES = 200;
const ALPHA = 0.001;
let t: TestApp;
let ipSeq = 0;
const freshIp = () => `10.200.${Math.floor(++ipSeq / 250)}.${(ipSeq % 250) + 1}`;

beforeAll(async () => {
  t = await startTestApp();
});

afterAll(async () => {
  await t?.close();
});

/** Two-sided Mann–Whitney U with the normal approximation and tie correction. */
function mannWhitney(a: number[], b: number[]): { u: number; z: number; p: number } {
  const all = [...a.map((v) => ({ v, g: 0 })), ...b.map((v) => ({ v, g: 1 }))].sort((x, y) => x.v - y.v);
  const ranks = new Array<number>(all.length);
  let tieTerm = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j + 1 < all.length && all[j + 1]!.v === all[i]!.v) j += 1;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[k] = rank;
    const ties = j - i + 1;
    tieTerm += ties ** 3 - ties;
    i = j + 1;
  }
  let rankSumA = 0;
  all.forEach((x, i) => {
    if (x.g === 0) rankSumA += ranks[i]!;
  });
  const n1 = a.length;
  const n2 = b.length;
  const n = n1 + n2;
  const u = rankSumA - (n1 * (n1 + 1)) / 2;
  const mean = (n1 * n2) / 2;
  const sd = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
  const z = (u - mean) / sd;
  return { u, z, p: 2 * (1 - normalCdf(Math.abs(z))) };
}

function normalCdf(x: number): number {
  // Abramowitz–Stegun 7.1.26 for erf.
  const s = x / Math.SQRT2;
  const k = 1 / (1 + 0.3275911 * s);
  const erf =
    1 -
    ((((1.061405429 * k - 1.453152027) * k + 1.421413741) * k - 0.284496736) * k + 0.254829592) *
      k *
      Math.exp(-s * s);
  return 0.5 * (1 + erf);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((x, y) => x - y);
  return (s[Math.floor((s.length - 1) / 2)]! + s[Math.ceil((s.length - 1) / 2)]!) / 2;
};

async function compare(name: string, known: () => Promise<number>, unknown: () => Promise<number>) {
  const k: number[] = [];
  const u: number[] = [];
  // Warm-up, not counted: first queries compile plans and fill pools.
  for (let i = 0; i < 5; i++) {
    await known();
    await unknown();
  }
  for (let i = 0; i < SAMPLES; i++) {
    // Alternate which goes first, so neither always follows the other.
    if (i % 2) {
      k.push(await known());
      u.push(await unknown());
    } else {
      u.push(await unknown());
      k.push(await known());
    }
  }
  const test = mannWhitney(k, u);
  console.log(
    `R3 ${name}: known median ${median(k).toFixed(2)} ms, unknown median ${median(u).toFixed(2)} ms, U = ${test.u}, z = ${test.z.toFixed(2)}, p = ${test.p.toFixed(4)} (n = ${SAMPLES} each)`,
  );
  expect(test.p).toBeGreaterThan(ALPHA);
}

/** Time of one inject, in ms; the answer's status is checked so a failure is not timed as a success. */
async function timed(status: number, run: () => Promise<{ statusCode: number }>): Promise<number> {
  const start = process.hrtime.bigint();
  const res = await run();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  expect(res.statusCode).toBe(status);
  return ms;
}

describe('enumeration by timing (R3)', () => {
  it('mann-whitney helper rejects clearly different samples and accepts identical ones', () => {
    const a = Array.from({ length: 200 }, (_, i) => i);
    expect(
      mannWhitney(
        a,
        a.map((x) => x + 150),
      ).p,
    ).toBeLessThan(ALPHA);
    expect(mannWhitney(a, [...a].reverse()).p).toBeGreaterThan(0.5);
  });

  it('intake: a known address answers in the same time as an unknown one', async () => {
    const known = 'timing.known@example.test';
    const file = (email: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/requests',
        remoteAddress: freshIp(),
        payload: {
          type: 'access',
          email,
          fullName: 'Timing Subject',
          locale: 'en',
          details: { scope: 'all' },
        },
      });
    expect((await file(known)).statusCode).toBe(202);
    let n = 0;
    await compare(
      'intake',
      () => timed(202, () => file(known)),
      () => timed(202, () => file(`timing.unknown.${++n}@example.test`)),
    );
  }, 240_000);

  it('access links: a matching address and reference answer in the same time as unknown ones', async () => {
    const email = 'timing.link@example.test';
    const filed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/requests',
      remoteAddress: freshIp(),
      payload: { type: 'access', email, fullName: 'Timing Link', locale: 'en', details: { scope: 'all' } },
    });
    const { reference } = filed.json();
    const ask = (payload: object) =>
      t.app.inject({ method: 'POST', url: '/api/v1/access-links', remoteAddress: freshIp(), payload });
    let n = 0;
    await compare(
      'access links',
      () => timed(202, () => ask({ email, reference })),
      () => timed(202, () => ask({ email: `timing.nobody.${++n}@example.test`, reference })),
    );
  }, 240_000);

  it('staff login: an existing account with a wrong password answers in the same time as an unknown e-mail', async () => {
    const user = await createStaffUser(t.prisma, { role: 'agent' });
    const login = (email: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/staff/session',
        remoteAddress: freshIp(),
        headers: { origin: 'http://portal.test' },
        payload: { email, password: 'not the password at all' },
      });
    let n = 0;
    await compare(
      'login',
      () => timed(401, () => login(user.email)),
      () => timed(401, () => login(`nobody.${++n}@staff.test`)),
    );
  }, 240_000);
});
