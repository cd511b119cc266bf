import type { Locale } from './text.ts';

// Dates as people read them, in a given time zone (the controller's: deadlines are counted in its
// calendar), e.g. "28 février 2027" / "28 February 2027". French writes the first of a month
// "1er" (1er mars 2027). Used by the mails and the web alike.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: Locale, timeZone: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${withTime}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', {
      timeZone,
      dateStyle: 'long',
      ...(withTime ? { timeStyle: 'short' } : {}),
    });
    formatters.set(key, f);
  }
  return f;
}

export function formatLongDate(
  date: Date,
  locale: Locale,
  timeZone: string,
  options: { withTime?: boolean } = {},
): string {
  return formatter(locale, timeZone, options.withTime ?? false)
    .formatToParts(date)
    .map((p) => (locale === 'fr' && p.type === 'day' && p.value === '1' ? '1er' : p.value))
    .join('');
}
