import { describe, expect, it } from 'vitest';
import { safeNext } from './session.ts';

const ORIGIN = 'https://portal.example';
const next = (value: string | null) => safeNext(value, ORIGIN);

describe('safeNext', () => {
  it('keeps staff pages, with their query', () => {
    expect(next('/staff')).toBe('/staff');
    expect(next('/staff?q=DSR-2026&cursor=abc')).toBe('/staff?q=DSR-2026&cursor=abc');
    expect(next('/staff/requests/DSR-2026-000001')).toBe('/staff/requests/DSR-2026-000001');
    expect(next('/staff/dashboard#top')).toBe('/staff/dashboard#top');
    expect(next(`${ORIGIN}/staff/users`)).toBe('/staff/users');
  });

  it('resolves the path before checking it', () => {
    expect(next('/staff/../anything')).toBe('/staff');
    expect(next('/staff/%2e%2e/status')).toBe('/staff');
    expect(next('/staff/./dashboard')).toBe('/staff/dashboard');
    expect(next('/staff/requests/../users')).toBe('/staff/users');
  });

  it('refuses other origins, schemes and look-alike paths', () => {
    for (const value of [
      '//evil.example/staff',
      '/\\evil.example/staff',
      'https://evil.example/staff',
      'javascript:alert(1)',
      'http://portal.example/staff',
      '/stafff',
      '/staffing',
      '/status',
      '',
      null,
    ]) {
      expect(next(value), String(value)).toBe('/staff');
    }
  });

  it('never returns to the login page', () => {
    expect(next('/staff/login')).toBe('/staff');
    expect(next('/staff/login?next=/staff/users')).toBe('/staff');
    expect(next('/staff/x/../login')).toBe('/staff');
    expect(next('/staff/login/')).toBe('/staff');
  });
});
