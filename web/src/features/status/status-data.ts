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

/** Fetcher keys of the status page's forms (the page watches them for its notices). */
export const APPEAL_FETCHER = 'status-appeal';
export const CANCEL_FETCHER = 'status-cancel';
export const MESSAGE_FETCHER = 'status-message';

/**
 * Refusals that mean the request changed under the page (closed, appealed, past the appeal
 * window): the page reloads after the action, so the form that failed may be gone; the page says
 * why in a notice of its own (status-page.tsx) instead of the form's generic "try again".
 */
export const STATE_PROBLEMS = ['appeal_window_closed', 'action_not_allowed', 'request_closed'] as const;
export type StateProblem = (typeof STATE_PROBLEMS)[number];

export function stateProblem(result: ActionResult | undefined): StateProblem | null {
  if (!result || result.ok) return null;
  return STATE_PROBLEMS.find((code) => code === result.code) ?? null;
}

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
