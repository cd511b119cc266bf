import type { AppealAnswer } from '@dsr/shared/appeals';
import type { ActionFunctionArgs } from 'react-router';
import { clearAccessToken, getAccessToken } from '../../lib/access-token.ts';
import { isApiError } from '../../lib/api-client.ts';
import { appealMyRequest, cancelMyRequest, getMyRequest, sendMyMessage } from './api/my-request.ts';
import type { SubjectView } from './api/subject-view.ts';

export type StatusData =
  | { kind: 'ok'; view: SubjectView }
  | { kind: 'signed-out'; reason: 'no-token' | 'expired' };

export type Intent = 'cancel' | 'message' | 'appeal';
export type ActionResult =
  | { intent: Intent; ok: true; appeal?: AppealAnswer }
  | { intent: Intent; ok: false; code: string };

const INTENTS: readonly Intent[] = ['cancel', 'message', 'appeal'];

// Router loader of /status: no token, or one the API no longer accepts, is a normal state the page
// explains (with the lost-link form), not an error. Anything else goes to the error boundary.
export async function statusLoader({ request }: { request: Request }): Promise<StatusData> {
  const token = getAccessToken();
  if (!token) return { kind: 'signed-out', reason: 'no-token' };
  try {
    return { kind: 'ok', view: await getMyRequest(token, request.signal) };
  } catch (error) {
    if (isApiError(error) && (error.status === 401 || error.status === 404)) {
      clearAccessToken();
      return { kind: 'signed-out', reason: 'expired' };
    }
    throw error;
  }
}

// Router action of /status: the loader revalidates after it, so the page shows the new state.
export async function statusAction({ request }: ActionFunctionArgs): Promise<ActionResult> {
  const form = await request.formData();
  const intent: Intent = INTENTS.find((i) => i === form.get('intent')) ?? 'message';
  const token = getAccessToken();
  if (!token) return { intent, ok: false, code: 'unauthorized' };
  const text = (name: string) => String(form.get(name) ?? '').trim();
  try {
    if (intent === 'appeal') return { intent, ok: true, appeal: await appealMyRequest(token, text('body')) };
    if (intent === 'cancel') await cancelMyRequest(token, text('reason') || undefined);
    else await sendMyMessage(token, text('body'));
    return { intent, ok: true };
  } catch (error) {
    return { intent, ok: false, code: isApiError(error) ? error.code : 'failed' };
  }
}
