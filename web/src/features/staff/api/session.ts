import { type StaffSession, staffSessionSchema, type UpdateOwnAccountBody } from '@dsr/shared/staff';
import { api } from '../../../lib/api-client.ts';

// Staff session endpoints: the cookie is set and sent by the browser; the CSRF token comes back
// in the body and is sent as X-CSRF-Token on every mutation.

export function signIn(email: string, password: string, signal?: AbortSignal): Promise<StaffSession> {
  return api.post(
    '/staff/session',
    { email, password },
    { schema: staffSessionSchema, ...(signal ? { signal } : {}) },
  );
}

export function getMe(signal?: AbortSignal): Promise<StaffSession> {
  return api.get('/staff/me', { schema: staffSessionSchema, ...(signal ? { signal } : {}) });
}

export function signOut(csrfToken: string): Promise<unknown> {
  return api.delete('/staff/session', { csrfToken });
}

/** The signed-in member's own account: its language (mails, and the pages after signing in). */
export function updateOwnAccount(body: UpdateOwnAccountBody, csrfToken: string): Promise<StaffSession> {
  return api.patch('/staff/me', body, { csrfToken, schema: staffSessionSchema });
}
