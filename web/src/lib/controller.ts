// The controller's identity as shown by the web app: the built-in Isolectra profile (SPEC "Who
// uses it"). Kept static on purpose: public pages render without waiting for `GET /api/v1/config`,
// and a deployment with another controller rebuilds the web app with its own profile.
export const defaultController = {
  name: 'Isolectra',
  email: 'contact@isolectra.fr',
  authority: {
    name: 'CNIL',
    phone: '01 53 73 22 22',
    phoneE164: '+33153732222',
    url: 'https://www.cnil.fr',
    displayUrl: 'www.cnil.fr',
  },
  billingRetentionYears: 10,
  /** Deadlines are counted in this calendar (shared/src/deadline.ts). */
  timeZone: 'Europe/Paris',
  /** Verification links are valid 24 hours; unverified requests expire after 7 days. */
  linkValidityHours: 24,
  unverifiedExpiryDays: 7,
} as const;

export type ControllerProfile = typeof defaultController;
