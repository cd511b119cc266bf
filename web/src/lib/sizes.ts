import type { Locale } from './i18n.tsx';

// File sizes in words, decimal units (what the operating system's file manager shows): "820 bytes",
// "12.4 kB", "3.1 MB" in English; "820 octets", "12,4 ko", "3,1 Mo" in French. One decimal below 10
// units, none above, so the figure stays short on a phone.
const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
const cache = new Map<string, Intl.NumberFormat>();

function formatter(locale: Locale, unit: (typeof UNITS)[number], digits: number): Intl.NumberFormat {
  const key = `${locale}:${unit}:${digits}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', {
      style: 'unit',
      unit,
      // "820 byte" reads wrong in English: bytes in full ("820 bytes", "820 octets").
      unitDisplay: unit === 'byte' ? 'long' : 'short',
      maximumFractionDigits: digits,
    });
    cache.set(key, f);
  }
  return f;
}

export function formatBytes(locale: Locale, bytes: number): string {
  let value = Math.max(0, bytes);
  let index = 0;
  while (value >= 1000 && index < UNITS.length - 1) {
    value /= 1000;
    index++;
  }
  // 999.96 kB would round to "1000 kB": say "1 MB" instead.
  if (index > 0 && index < UNITS.length - 1 && Math.round(value) >= 1000) {
    value /= 1000;
    index++;
  }
  const unit = UNITS[index] ?? 'byte';
  return formatter(locale, unit, index > 0 && value < 10 ? 1 : 0).format(value);
}
