import { offeredLocales, useI18n } from '../../lib/i18n.tsx';

// A real button: its name is the target language, written in that language (lang attribute),
// so "English" is read with English pronunciation on the French site and vice versa. None when
// the controller offers one locale only.
export function LanguageSwitch() {
  const { locale, setLocale, t } = useI18n();
  const next = offeredLocales().find((l) => l !== locale);
  if (!next) return null;
  return (
    <button type="button" className="lang-switch" lang={next} onClick={() => setLocale(next)}>
      {t('lang.switch')}
    </button>
  );
}
