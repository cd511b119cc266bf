import type { ControllerConfig } from '@dsr/shared/controller';
import { PROFILE_ELEMENT_ID } from '@dsr/shared/public-profile';
import { buildPublicProfile } from '../modules/public-config/public-config.service.ts';

// The page shell (web/dist/index.html) as served: the public controller profile goes into it as
// JSON, so that the first paint already shows the controller's name, time zone and policy (no
// second round trip), and the shell's own texts name the controller instead of the built-in one.
// Built once per process: the controller file does not change while it runs.

const TITLE_SUFFIX = { fr: 'Vos données personnelles', en: 'Your personal data' } as const;
const NOSCRIPT = {
  fr: (email: string) => `Ce portail nécessite JavaScript. Écrivez-nous à ${email}.`,
  en: (email: string) => `This portal needs JavaScript. Write to ${email}.`,
} as const;

/**
 * JSON that cannot end its <script> element or open a comment in it: `<`, `>` and `&` are
 * written as \u escapes (still the same JSON), and so are U+2028/U+2029.
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function renderShell(indexHtml: string, controller: ControllerConfig): string {
  const profile = buildPublicProfile(controller);
  const locale = profile.locales[0] ?? 'fr';
  const name = escapeHtml(controller.name);
  const email = escapeHtml(controller.contactEmail);
  const script = `<script type="application/json" id="${PROFILE_ELEMENT_ID}">${scriptSafeJson(profile)}</script>`;
  return indexHtml
    .replace(/<html lang="[^"]*"/, `<html lang="${locale}"`)
    .replace(/<title>[^<]*<\/title>/, `<title>${name} — ${TITLE_SUFFIX[locale]}</title>`)
    .replace(/<noscript>[^<]*<\/noscript>/, `<noscript>${NOSCRIPT[locale](email)}</noscript>`)
    .replace('</head>', `    ${script}\n  </head>`);
}
