import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { controller, profile } from './controller.ts';
import { en } from './messages/en.ts';
import { fr, type MessageKey, type Messages } from './messages/fr.ts';

// Tiny in-house i18n: the controller's first locale by default, another it offers on request,
// choice kept in localStorage and mirrored in <html lang>. Both catalogues are a few kB, so both
// ship in the initial bundle. A request's pages switch to the request's own locale when its
// e-mailed link is opened (verify page), through the same remembered choice.

import { LOCALES } from '@dsr/shared/vocabulary';

export { LOCALES };
export type Locale = (typeof LOCALES)[number];
export type { MessageKey };
export type MessageVars = Record<string, string | number>;
export type Translate = (key: MessageKey, vars?: MessageVars) => string;

const catalogues: Record<Locale, Messages> = { fr, en };
// Always available to every message, so pages need not pass the controller's identity.
const controllerVars = (): MessageVars => ({
  controller: controller().name,
  email: controller().contactEmail,
});
const STORAGE_KEY = 'dsr.locale';

/** The locales the controller offers; the first is the default. */
export function offeredLocales(): readonly Locale[] {
  return profile().locales;
}

export function isLocale(value: unknown): value is Locale {
  return value === 'fr' || value === 'en';
}

/** Fills `{name}` placeholders; an unknown placeholder is left as is so it shows in review. */
export function format(template: string, vars?: MessageVars): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = vars[name];
    return value === undefined ? whole : String(value);
  });
}

export function translate(locale: Locale, key: MessageKey, vars?: MessageVars): string {
  return format(catalogues[locale][key], vars);
}

function readStoredLocale(): Locale {
  const offered = offeredLocales();
  const fallback = offered[0] ?? 'fr';
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    return isLocale(stored) && offered.includes(stored) ? stored : fallback;
  } catch {
    return fallback; // storage disabled (privacy settings): the default, not persisted
  }
}

interface I18nValue {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: Translate;
}

const I18nContext = createContext<I18nValue | null>(null);

export function I18nProvider({ children, initialLocale }: { children: ReactNode; initialLocale?: Locale }) {
  const [locale, setLocaleState] = useState<Locale>(() => initialLocale ?? readStoredLocale());

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const setLocale = useCallback((next: Locale) => {
    if (!offeredLocales().includes(next)) return;
    setLocaleState(next);
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Not persisted; the switch still applies to this page.
    }
  }, []);

  const value = useMemo<I18nValue>(
    () => ({ locale, setLocale, t: (key, vars) => translate(locale, key, { ...controllerVars(), ...vars }) }),
    [locale, setLocale],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n() must be used inside <I18nProvider>');
  return value;
}

/** Shorthand for pages: `const t = useT(); t('policy.title')`. */
export function useT(): Translate {
  return useI18n().t;
}

/** Sets document.title to "<page> — <portal>" in the current language. */
export function useDocumentTitle(pageTitle: string): void {
  const { t } = useI18n();
  const suffix = t('app.title');
  useEffect(() => {
    document.title = `${pageTitle} — ${suffix}`;
  }, [pageTitle, suffix]);
}
