import { describe, expect, it } from 'vitest';
import { readVerifyToken } from './verify-token.ts';

describe('readVerifyToken', () => {
  it('reads the token from the fragment of the e-mail link', () => {
    expect(readVerifyToken('#token=abc_DEF-123', '')).toBe('abc_DEF-123');
  });
  it('falls back to the query string', () => {
    expect(readVerifyToken('', '?token=xyz')).toBe('xyz');
  });
  it('prefers the fragment when both are present', () => {
    expect(readVerifyToken('#token=frag', '?token=query')).toBe('frag');
  });
  it('returns null when absent or empty', () => {
    expect(readVerifyToken('', '')).toBeNull();
    expect(readVerifyToken('#token=', '?other=1')).toBeNull();
  });
});
