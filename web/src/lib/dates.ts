import { defaultController } from './controller.ts';
import type { Locale } from './i18n.tsx';

// Dates are shown in the controller's time zone: deadlines are counted in its calendar, so the
// due day must read the same for a subject abroad as in the e-mail receipt.
const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: Locale, withTime: boolean): Intl.DateTimeFormat {
  const key = `${locale}:${withTime}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', {
      timeZone: defaultController.timeZone,
      dateStyle: 'long',
      ...(withTime ? { timeStyle: 'short' } : {}),
    });
    cache.set(key, f);
  }
  return f;
}

export function formatDate(locale: Locale, iso: string): string {
  return formatter(locale, false).format(new Date(iso));
}

export function formatDateTime(locale: Locale, iso: string): string {
  return formatter(locale, true).format(new Date(iso));
}
