import { zodIssuesToFieldErrors } from '@dsr/shared/errors';
import { type CreateRequest, type CreateRequestInput, createRequestSchema } from '@dsr/shared/request-types';
import { type FieldErrors, toFieldErrors } from './field-errors.ts';

export type Validation = { ok: true; data: CreateRequest } | { ok: false; errors: FieldErrors };

// The very schema the API applies to POST /requests (STYLE habit 7). With no type chosen the
// union stops at the discriminator, so the common fields are checked under a type whose details
// are all optional, and the missing type is reported on its own.
export function validateRequest(input: CreateRequestInput): Validation {
  const typed = input.type !== undefined;
  const probe = typed ? input : { ...(input as object), type: 'information', details: {} };
  const result = createRequestSchema.safeParse(probe);
  const fieldErrors = result.success ? [] : zodIssuesToFieldErrors(result.error.issues);
  if (!typed) fieldErrors.unshift({ path: 'type', code: 'invalid_union', message: '' });
  if (result.success && typed) return { ok: true, data: result.data };
  return { ok: false, errors: toFieldErrors(fieldErrors, input.type) };
}
