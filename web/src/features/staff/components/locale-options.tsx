import { offeredLocales } from '../../../lib/i18n.tsx';
import { useStaffT } from '../i18n.ts';

/** The `<option>`s of a staff account's language: the controller's languages, each in its own name. */
export function LocaleOptions() {
  const t = useStaffT();
  return offeredLocales().map((locale) => (
    <option key={locale} value={locale} lang={locale}>
      {t(`staff.users.locale.${locale}`)}
    </option>
  ));
}
