import { useCallback } from 'react';
import { format, type MessageKey, type MessageVars, useI18n } from '../../lib/i18n.tsx';
import { staffEn } from '../../lib/messages/staff.en.ts';
import { type StaffMessageKey, staffFr } from '../../lib/messages/staff.fr.ts';

// Staff pages read the staff catalogues (lazy: only staff chunks import them, so the public
// bundle does not carry them, P8 in the README) and fall back to the public catalogue for shared words
// (request types, form labels).

export type StaffKey = StaffMessageKey | MessageKey;
export type StaffTranslate = (key: StaffKey, vars?: MessageVars) => string;

const staffCatalogues = { fr: staffFr, en: staffEn } as const;

const isStaffKey = (key: string): key is StaffMessageKey => key in staffFr;

export function useStaffT(): StaffTranslate {
  const { t, locale } = useI18n();
  return useCallback(
    (key, vars) => (isStaffKey(key) ? format(staffCatalogues[locale][key], vars) : t(key, vars)),
    [t, locale],
  );
}

export function useStaffI18n() {
  const { locale } = useI18n();
  return { t: useStaffT(), locale };
}
