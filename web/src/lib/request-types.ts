import type { RequestType as SharedRequestType } from '@dsr/shared/request-types';

// The nine request types of the SPEC, in the order the privacy policy lists the rights. Kept
// here rather than imported from @dsr/shared so the policy page does not pull zod into the
// initial bundle; the type check below fails if the two lists drift apart.
export const REQUEST_TYPES = [
  'access',
  'rectification',
  'erasure',
  'restriction',
  'objection',
  'portability',
  'consent_withdrawal',
  'information',
  'automated_decision',
] as const;

export type RequestType = (typeof REQUEST_TYPES)[number];

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameAsShared: Same<RequestType, SharedRequestType> = true;
void sameAsShared;

export function isRequestType(value: unknown): value is RequestType {
  return typeof value === 'string' && (REQUEST_TYPES as readonly string[]).includes(value);
}
