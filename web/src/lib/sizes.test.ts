import { describe, expect, it } from 'vitest';
import { formatBytes } from './sizes.ts';

// Intl puts a narrow no-break space between figure and unit in French; compare on plain spaces.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('formatBytes', () => {
  it('says sizes with decimal units in each language', () => {
    expect(plain(formatBytes('en', 820))).toBe('820 bytes');
    expect(plain(formatBytes('fr', 820))).toBe('820 octets');
    expect(plain(formatBytes('en', 12_400))).toBe('12 kB');
    expect(plain(formatBytes('en', 4_560))).toBe('4.6 kB');
    expect(plain(formatBytes('en', 3_140_000))).toBe('3.1 MB');
    expect(plain(formatBytes('fr', 3_140_000))).toBe('3,1 Mo');
    expect(plain(formatBytes('fr', 12_400))).toBe('12 ko');
  });

  it('never shows 1000 of a unit', () => {
    expect(plain(formatBytes('en', 999_960))).toBe('1 MB');
    expect(plain(formatBytes('en', 999_999_999))).toBe('1 GB');
  });

  it('keeps small sizes whole', () => {
    expect(plain(formatBytes('en', 0))).toBe('0 bytes');
    expect(plain(formatBytes('fr', 1000))).toBe('1 ko');
  });
});
