import type { RequestType } from './request-types.ts';

// Every URL of the web app, in one place. Route definitions (router.tsx) use `routes`;
// links and redirects use the builder functions so a URL never gets spelled twice.
export const routes = {
  policy: '/',
  request: '/request',
  requestSent: '/request/sent',
  verify: '/verify',
  status: '/status',
  statusLostLink: '/status/lost-link',
  staffLogin: '/staff/login',
  staffQueue: '/staff',
  staffRequest: '/staff/requests/:reference',
  staffDashboard: '/staff/dashboard',
  staffUsers: '/staff/users',
  staffAccount: '/staff/account',
} as const;

export const paths = {
  policy: () => routes.policy,
  request: (type?: RequestType) =>
    type ? `${routes.request}?${new URLSearchParams({ type }).toString()}` : routes.request,
  requestSent: () => routes.requestSent,
  /** The e-mail link is `${PUBLIC_URL}/verify#token=...`; the fragment never reaches a server. */
  verify: () => routes.verify,
  status: () => routes.status,
  statusLostLink: () => routes.statusLostLink,
  /** `next`: the staff page to return to; `expired`: say the session ended (idle or absolute timeout). */
  staffLogin: (next?: string, expired = false) => {
    const query = new URLSearchParams({ ...(next ? { next } : {}), ...(expired ? { expired: '1' } : {}) });
    const search = query.toString();
    return search ? `${routes.staffLogin}?${search}` : routes.staffLogin;
  },
  staffQueue: (query?: URLSearchParams) => {
    const search = query?.toString();
    return search ? `${routes.staffQueue}?${search}` : routes.staffQueue;
  },
  staffRequest: (reference: string) => `/staff/requests/${encodeURIComponent(reference)}`,
  staffDashboard: () => routes.staffDashboard,
  staffUsers: () => routes.staffUsers,
  staffAccount: () => routes.staffAccount,
} as const;

/** Prefix of the HTTP API (same origin). */
export const API_BASE = '/api/v1';
