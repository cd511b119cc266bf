// The nine request types of the SPEC, in the order the privacy policy lists the rights.
// TODO: import from @dsr/shared once the shared request-type schemas land, and delete this list.
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

export function isRequestType(value: unknown): value is RequestType {
  return typeof value === 'string' && (REQUEST_TYPES as readonly string[]).includes(value);
}
