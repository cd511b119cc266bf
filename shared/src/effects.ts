import type { Locale } from './text.ts';

// Words for what the portal changed in the controller's data on the subject's behalf (the outcome
// of a request that completed by itself, GPC), in both locales.

export const PURPOSE_LABELS: Record<string, { fr: string; en: string }> = {
  direct_marketing: { fr: 'prospection commerciale', en: 'direct marketing' },
  personalized_offers: { fr: 'offres personnalisées', en: 'personalised offers' },
  customer_analysis: { fr: 'analyse de la clientèle', en: 'customer analysis' },
  satisfaction_surveys: { fr: 'enquêtes de satisfaction', en: 'satisfaction surveys' },
  newsletter: { fr: 'lettre d’information', en: 'newsletter' },
  campaign_offers: { fr: 'offres promotionnelles', en: 'campaign offers' },
  partner_offers: { fr: 'offres des partenaires', en: 'partner offers' },
  analytics_cookies: { fr: 'cookies de mesure d’audience', en: 'analytics cookies' },
  advertising_cookies: { fr: 'cookies publicitaires', en: 'advertising cookies' },
  other: { fr: 'autre', en: 'other' },
};

export const purposeLabel = (purpose: string, locale: Locale): string =>
  PURPOSE_LABELS[purpose]?.[locale] ?? purpose;

/** One change recorded on a request: `objection.direct_marketing` in source `customers`, table, rows. */
export interface RecordedChange {
  source: string;
  change: string;
  table: string;
  rows: number;
}

/** The subject's words for what changed (a self-completed request's outcome). */
export function describeChanges(changes: readonly RecordedChange[], locale: Locale): string {
  const objections = new Set<string>();
  const withdrawals = new Set<string>();
  for (const c of changes) {
    const [kind, purpose = ''] = c.change.split('.');
    if (kind === 'objection') objections.add(purpose);
    if (kind === 'consent_withdrawal') withdrawals.add(purpose);
  }
  const list = (set: Set<string>) => [...set].map((p) => purposeLabel(p, locale)).join(', ');
  const sources = [...new Set(changes.map((c) => c.source))].join(', ');
  const lines: string[] = [];
  if (locale === 'fr') {
    if (objections.size > 0) lines.push(`Opposition enregistrée pour\u202F: ${list(objections)}.`);
    if (withdrawals.size > 0) lines.push(`Consentement retiré pour\u202F: ${list(withdrawals)}.`);
    if (sources) lines.push(`Appliqué dans\u202F: ${sources}.`);
  } else {
    if (objections.size > 0) lines.push(`Objection recorded for: ${list(objections)}.`);
    if (withdrawals.size > 0) lines.push(`Consent withdrawn for: ${list(withdrawals)}.`);
    if (sources) lines.push(`Applied in: ${sources}.`);
  }
  return lines.join(' ');
}
