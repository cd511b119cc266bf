import { z } from 'zod';
import { statusSchema } from './statuses.ts';
import { text } from './text.ts';

// The subject's appeal against a denial (POST /requests/me/appeal, bearer of the denied request).

export const APPEAL_WINDOW_DAYS = 60;

export const appealBodySchema = z.strictObject({ body: text(5000) });
export type AppealBody = z.input<typeof appealBodySchema>;

/**
 * The appeal is a request of its own: its reference, and an access token that opens it on the status
 * page (the token of the denied request keeps opening the denied request only).
 */
export const appealAnswerSchema = z.object({
  reference: z.string(),
  status: statusSchema,
  dueAt: z.iso.datetime(),
  accessToken: z.string(),
});
export type AppealAnswer = z.infer<typeof appealAnswerSchema>;
