import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signPayload, verifySignature } from './signature.ts';

const SECRET = 'a-secret-of-sufficient-length';
const NOW = 1_790_000_000;

describe('webhook signature', () => {
  it('verifies what it signed, and nothing changed after signing', () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 1 }), (body, extra) => {
        const header = signPayload(SECRET, body, NOW);
        expect(verifySignature(SECRET, body, header, NOW)).toEqual({ ok: true, t: NOW });
        expect(verifySignature(SECRET, body + extra, header, NOW)).toEqual({
          ok: false,
          code: 'signature_invalid',
        });
        expect(verifySignature(`${SECRET}x`, body, header, NOW)).toEqual({
          ok: false,
          code: 'signature_invalid',
        });
      }),
    );
  });

  it('refuses a timestamp older than 5 minutes or more than 1 minute ahead', () => {
    const body = '{"status":"done"}';
    expect(verifySignature(SECRET, body, signPayload(SECRET, body, NOW - 300), NOW).ok).toBe(true);
    expect(verifySignature(SECRET, body, signPayload(SECRET, body, NOW - 301), NOW)).toEqual({
      ok: false,
      code: 'signature_expired',
    });
    expect(verifySignature(SECRET, body, signPayload(SECRET, body, NOW + 61), NOW)).toEqual({
      ok: false,
      code: 'signature_expired',
    });
  });

  it('refuses a header whose timestamp was changed, and malformed or missing headers', () => {
    const body = '{}';
    const v1 = signPayload(SECRET, body, NOW).split('v1=')[1];
    expect(verifySignature(SECRET, body, `t=${NOW - 1},v1=${v1}`, NOW).ok).toBe(false);
    for (const header of ['', 't=abc,v1=00', `t=${NOW}`, `v1=${v1}`, 'garbage']) {
      expect(verifySignature(SECRET, body, header, NOW).ok).toBe(false);
    }
    expect(verifySignature(SECRET, body, undefined, NOW)).toEqual({ ok: false, code: 'signature_missing' });
  });

  it('accepts a second v1 (a secret being rotated)', () => {
    const body = '{}';
    const old = signPayload('the-old-secret-value', body, NOW).split('v1=')[1];
    const current = signPayload(SECRET, body, NOW);
    expect(
      verifySignature(SECRET, body, `${current.replace(/v1=.*/, `v1=${old}`)},${current.split(',')[1]}`, NOW)
        .ok,
    ).toBe(true);
  });
});
