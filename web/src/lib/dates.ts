import { formatLongDate } from '@dsr/shared/dates';
import { controller } from './controller.ts';
import type { Locale } from './i18n.tsx';

// Dates are shown in the controller's time zone: deadlines are counted in its calendar, so the
// due day must read the same for a subject abroad as in the e-mail receipt.

export function formatDate(locale: Locale, iso: string): string {
  return formatLongDate(new Date(iso), locale, controller().timeZone);
}

export function formatDateTime(locale: Locale, iso: string): string {
  return formatLongDate(new Date(iso), locale, controller().timeZone, { withTime: true });
}
