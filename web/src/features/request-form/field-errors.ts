import type { MessageKey } from '../../lib/i18n.tsx';

// One vocabulary for client (zod issue) and server (problem+json `errors[]`) field errors: both
// carry a dotted path (`details.corrections.0.correctedValue`) and a zod issue code, and both
// end up as a translated message next to the field and in the summary.

export type FieldErrors = Record<string, MessageKey>;

export function messageFor(path: string, code: string, type?: string): MessageKey {
  if (code === 'too_big')
    return path === 'details.corrections' ? 'form.error.corrections' : 'form.error.tooLong';
  if (path === 'type') return 'form.error.type';
  if (path === 'email' || path === 'details.transferTo.email') return 'form.error.email';
  if (path === 'fullName') return 'form.error.fullName';
  if (path === 'details.purposes') {
    // Which question: the objection's processing or the consent's uses.
    if (type === 'objection') return 'form.error.purposes.objection';
    if (type === 'consent_withdrawal') return 'form.error.purposes.consent';
    return 'form.error.purposes';
  }
  if (path === 'details.grounds') return 'form.error.grounds';
  if (path === 'details.ground') return 'form.error.ground';
  if (path === 'details.format') return 'form.error.format';
  if (path === 'details.decision') return 'form.error.decision';
  if (path === 'details.transferTo.name') return 'form.error.transferName';
  if (path === 'details.corrections') return 'form.error.corrections';
  if (/^details\.corrections\.\d+\.field$/.test(path)) return 'form.error.correctionField';
  if (/^details\.corrections\.\d+\.correctedValue$/.test(path)) return 'form.error.correctedValue';
  if (code === 'too_small') return 'form.error.required';
  return 'form.error.invalid';
}

/** First error per path wins; paths keep the order given. */
export function toFieldErrors(errors: readonly { path: string; code: string }[], type?: string): FieldErrors {
  const byPath: FieldErrors = {};
  for (const { path, code } of errors) byPath[path] ??= messageFor(path, code, type);
  return byPath;
}

// Summary order follows the page: the right, its details, then who you are and your message.
const RANK: Record<string, number> = { type: 0, details: 1, fullName: 2, email: 3, message: 4 };
export function orderedPaths(errors: FieldErrors): string[] {
  const rank = (path: string) => RANK[path.split('.')[0] ?? ''] ?? 5;
  return Object.keys(errors)
    .map((path, index) => ({ path, index }))
    .sort((a, b) => rank(a.path) - rank(b.path) || a.index - b.index)
    .map((e) => e.path);
}
