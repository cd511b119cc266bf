import type { StaffSession } from '@dsr/shared/staff';
import type { Locale } from '@dsr/shared/text';
import { redirect } from 'react-router';
import { isApiError } from '../../lib/api-client.ts';
import { paths } from '../../lib/paths.ts';
import { getMe } from './api/session.ts';

// The signed-in staff member and the session's CSRF token, kept in memory for the tab (never in
// storage: the cookie is the session). The layout loader refreshes it on every navigation; child
// loaders started in the same navigation share that one GET /staff/me.

let current: StaffSession | null = null;
let inflight: Promise<StaffSession> | null = null;
// The account's locale, to apply once when the workspace opens after signing in (staff layout).
let accountLocale: Locale | null = null;

/** `signedIn`: a fresh login, so the workspace opens in the account's language. */
export function rememberSession(session: StaffSession, { signedIn = false } = {}): void {
  current = session;
  if (signedIn) accountLocale = session.user.locale;
}

/**
 * The account's locale if the user has just signed in, once: after that the language switch is the
 * user's (and remembered), until the next login.
 */
export function takeAccountLocale(): Locale | null {
  const locale = accountLocale;
  accountLocale = null;
  return locale;
}

export function forgetSession(): void {
  current = null;
  inflight = null;
  accountLocale = null;
}

export function loadSession({ refresh = false } = {}): Promise<StaffSession> {
  if (inflight) return inflight;
  if (current && !refresh) return Promise.resolve(current);
  inflight = getMe()
    .then((session) => {
      current = session;
      return session;
    })
    .finally(() => {
      inflight = null;
    });
  return inflight;
}

/** Where to come back to after signing in again: the page that was asked for. */
function returnPath(request: Request): string {
  const url = new URL(request.url);
  return `${url.pathname}${url.search}`;
}

/**
 * Runs a loader's or action's work with the session. A 401 from any call (never signed in, idle or
 * absolute timeout, revoked) sends the user to the login page; "session expired" is said only when
 * this tab had a session.
 */
export async function withSession<T>(
  request: Request,
  work: (session: StaffSession) => Promise<T>,
  options: { refresh?: boolean } = {},
): Promise<T> {
  const hadSession = current !== null;
  try {
    return await work(await loadSession(options));
  } catch (error) {
    if (isApiError(error) && error.status === 401) {
      forgetSession();
      throw redirect(paths.staffLogin(returnPath(request), hadSession));
    }
    throw error;
  }
}

/**
 * `next` from the login URL, kept only when it is one of our staff pages (no open redirect). It is
 * resolved first (`/staff/../x`, `//host`, `/\\host`, encoded dots), then checked: same origin,
 * a path under /staff, not the login page itself.
 */
export function safeNext(next: string | null, origin: string = window.location.origin): string {
  if (!next) return paths.staffQueue();
  let url: URL;
  try {
    url = new URL(next, origin);
  } catch {
    return paths.staffQueue();
  }
  const { pathname } = url;
  const staffPage = pathname === '/staff' || pathname.startsWith('/staff/');
  const login = pathname === '/staff/login' || pathname.startsWith('/staff/login/');
  if (url.origin !== origin || !staffPage || login) return paths.staffQueue();
  return `${pathname}${url.search}${url.hash}`;
}
