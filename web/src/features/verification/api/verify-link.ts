import { api } from '../../../lib/api-client.ts';
import { isLocale, type Locale } from '../../../lib/i18n.tsx';

export interface Verified {
  reference: string;
  status: string;
  accessToken: string;
  /** The request's language: its pages open in it. */
  locale: Locale | null;
}

const verifiedSchema = {
  parse(data: unknown): Verified {
    const d = data as Partial<Verified> | null;
    if (
      typeof d?.reference !== 'string' ||
      typeof d.status !== 'string' ||
      typeof d.accessToken !== 'string'
    ) {
      throw new Error('invalid');
    }
    const locale = isLocale(d.locale) ? d.locale : null;
    return { reference: d.reference, status: d.status, accessToken: d.accessToken, locale };
  },
};

// A link token is single use: whatever re-renders or re-mounts the page (StrictMode runs effects
// twice in development), one token is posted once and every caller shares that answer.
const inFlight = new Map<string, Promise<Verified>>();

/** POST /verifications: exchanges the e-mailed link token for an access token. */
export function verifyLink(token: string): Promise<Verified> {
  let pending = inFlight.get(token);
  if (!pending) {
    pending = api.post('/verifications', { token }, { schema: verifiedSchema });
    inFlight.set(token, pending);
  }
  return pending;
}
