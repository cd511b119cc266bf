// The controller's identity as shown by the web app. Built-in Isolectra profile (SPEC
// "Who uses it"); to be replaced by `GET /api/v1/config` when the intake work wires it.
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
} as const;

export type ControllerProfile = typeof defaultController;
