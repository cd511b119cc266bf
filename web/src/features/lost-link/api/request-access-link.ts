import { api } from '../../../lib/api-client.ts';

/** POST /access-links: always 202 for a valid body, whether or not the request exists. */
export async function requestAccessLink(email: string, reference: string): Promise<void> {
  await api.post('/access-links', { email, reference });
}
