import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { createStaffUser, originOf, randomIp } from '../support/staff.ts';

// R5: brute force on login gets 429 with Retry-After, and an attacker cannot lock the real user out.

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});

afterAll(async () => {
  await t?.close();
});

const attempt = (ip: string, email: string, password: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/staff/session',
    remoteAddress: ip,
    headers: { origin: originOf(t), 'content-type': 'application/json' },
    payload: { email, password },
  });

describe('per account and IP: 10 failures in 15 minutes', () => {
  it('blocks the attacking IP for that account, not the victim from elsewhere', async () => {
    const victim = await createStaffUser(t.prisma, { role: 'admin' });
    const attacker = randomIp();
    for (let i = 0; i < 10; i++) {
      const res = await attempt(attacker, victim.email, `guess number ${i} is wrong`);
      expect(res.statusCode).toBe(401);
    }
    const blocked = await attempt(attacker, victim.email, 'guess number 11 is wrong');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json()).toMatchObject({ code: 'rate_limited' });
    const retryAfter = Number(blocked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    // Even the right password is refused from the blocked pair: guessing gains nothing.
    expect((await attempt(attacker, victim.email, victim.password)).statusCode).toBe(429);

    // The victim, from their own address, is not locked out.
    const real = await attempt(randomIp(), victim.email, victim.password);
    expect(real.statusCode).toBe(200);

    // Another account from the attacker's address is not blocked by this pair.
    const colleague = await createStaffUser(t.prisma, { role: 'agent' });
    expect((await attempt(attacker, colleague.email, colleague.password)).statusCode).toBe(200);

    // The block ends with the window.
    t.clock.advance(15 * 60_000 + 1000);
    expect((await attempt(attacker, victim.email, victim.password)).statusCode).toBe(200);
  });

  it('does not tell known from unknown accounts: an unknown e-mail is throttled the same way', async () => {
    const ip = randomIp();
    const answers: number[] = [];
    for (let i = 0; i < 11; i++)
      answers.push((await attempt(ip, 'ghost@staff.test', `password ${i} long`)).statusCode);
    expect(answers).toEqual([...Array(10).fill(401), 429]);
  });

  it('a successful login clears the failures of its pair', async () => {
    const user = await createStaffUser(t.prisma, { role: 'agent' });
    const ip = randomIp();
    for (let i = 0; i < 9; i++) await attempt(ip, user.email, `typo number ${i} here`);
    expect((await attempt(ip, user.email, user.password)).statusCode).toBe(200);
    for (let i = 0; i < 9; i++) {
      expect((await attempt(ip, user.email, `typo again ${i} here`)).statusCode).toBe(401);
    }
  });
});

describe('per IP: 20 login attempts a minute', () => {
  it('answers 429 with Retry-After from the 21st attempt, other IPs unaffected', async () => {
    const user = await createStaffUser(t.prisma, { role: 'agent' });
    const ip = randomIp();
    for (let i = 0; i < 20; i++) {
      const res = await attempt(ip, `someone-${i}@staff.test`, 'any password at all');
      expect(res.statusCode).toBe(401);
    }
    const limited = await attempt(ip, user.email, user.password);
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ code: 'rate_limited' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await attempt(randomIp(), user.email, user.password)).statusCode).toBe(200);
  });
});
