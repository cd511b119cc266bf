import { type StaffSession, staffSessionSchema } from '@dsr/shared/staff';
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
