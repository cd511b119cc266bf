import { type AppealAnswer, appealAnswerSchema } from '@dsr/shared/appeals';
import { type AppealAccessAnswer, appealAccessAnswerSchema } from '@dsr/shared/subject-view';
import { api } from '../../../lib/api-client.ts';
import { type SubjectView, subjectViewSchema } from './subject-view.ts';

// The subject's endpoints (`/requests/me*`), authorised by the access token from the verify link.

export function getMyRequest(accessToken: string, signal?: AbortSignal): Promise<SubjectView> {
  return api.get('/requests/me', { accessToken, schema: subjectViewSchema, ...(signal ? { signal } : {}) });
}

export function cancelMyRequest(accessToken: string, reason: string | undefined): Promise<unknown> {
  return api.post('/requests/me/cancel', reason ? { reason } : {}, { accessToken });
}

export function sendMyMessage(accessToken: string, body: string): Promise<unknown> {
  return api.post('/requests/me/messages', { body }, { accessToken });
}

/** Opens the appeal (a linked request) and answers its reference, deadline and access token. */
export function appealMyRequest(accessToken: string, body: string): Promise<AppealAnswer> {
  return api.post('/requests/me/appeal', { body }, { accessToken, schema: appealAnswerSchema });
}

/** An access token for the appeal of this (denied) request: "follow my appeal" after any reload. */
export function openMyAppeal(accessToken: string): Promise<AppealAccessAnswer> {
  return api.post('/requests/me/appeal/access', {}, { accessToken, schema: appealAccessAnswerSchema });
}
