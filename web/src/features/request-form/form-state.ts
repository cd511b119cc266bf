import type { CreateRequestInput } from '@dsr/shared/request-types';
import type { Locale } from '../../lib/i18n.tsx';
import type { RequestType } from '../../lib/request-types.ts';

// What the form holds: one flat record of strings and flags (every type's fields, so switching
// type keeps what was typed), turned into the API body by `toRequestInput` for the chosen type.

export interface Correction {
  /** React key only; never sent. */
  key: number;
  field: string;
  currentValue: string;
  correctedValue: string;
}

export interface FormState {
  type: RequestType | '';
  fullName: string;
  email: string;
  message: string;
  scope: string;
  reason: string;
  ground: string;
  objectionPurposes: string[];
  objectionOther: string;
  grounds: string;
  format: string;
  transfer: boolean;
  transferName: string;
  transferEmail: string;
  consentPurposes: string[];
  consentOther: string;
  question: string;
  decision: string;
  humanReview: boolean;
  corrections: Correction[];
}

export const MAX_CORRECTIONS = 50;

let nextKey = 1;
export const emptyCorrection = (): Correction => ({
  key: nextKey++,
  field: '',
  currentValue: '',
  correctedValue: '',
});

export function initialState(type: RequestType | ''): FormState {
  return {
    type,
    fullName: '',
    email: '',
    message: '',
    scope: '',
    reason: '',
    ground: '',
    objectionPurposes: [],
    objectionOther: '',
    grounds: '',
    format: '',
    transfer: false,
    transferName: '',
    transferEmail: '',
    consentPurposes: [],
    consentOther: '',
    question: '',
    decision: '',
    humanReview: false,
    corrections: [emptyCorrection()],
  };
}

/** Optional text: left blank means omitted (the schemas reject an empty optional string). */
const optional = (value: string): string | undefined => (value.trim() === '' ? undefined : value);

/** The words for `other`, sent only while `other` is ticked. */
const otherOf = (purposes: string[], text: string): string | undefined =>
  purposes.includes('other') ? optional(text) : undefined;

/** Types whose details ask a free-text question: the form then shows no separate message box. */
const OWN_TEXT_BOX: readonly string[] = [
  'access',
  'erasure',
  'restriction',
  'objection',
  'information',
  'automated_decision',
];
export const hasOwnTextBox = (type: RequestType | ''): boolean => OWN_TEXT_BOX.includes(type);

function details(s: FormState): Record<string, unknown> {
  switch (s.type) {
    case 'access':
      return { scope: optional(s.scope) };
    case 'erasure':
      return { scope: optional(s.scope), reason: optional(s.reason) };
    case 'rectification':
      return {
        corrections: s.corrections.map((c) => ({
          field: c.field,
          currentValue: optional(c.currentValue),
          correctedValue: c.correctedValue,
        })),
      };
    case 'restriction':
      return { ground: s.ground || undefined, scope: optional(s.scope) };
    case 'objection':
      return {
        purposes: s.objectionPurposes,
        otherPurpose: otherOf(s.objectionPurposes, s.objectionOther),
        grounds: optional(s.grounds),
      };
    case 'portability':
      return {
        format: s.format || undefined,
        transferTo: s.transfer ? { name: s.transferName, email: s.transferEmail } : undefined,
      };
    case 'consent_withdrawal':
      return { purposes: s.consentPurposes, otherPurpose: otherOf(s.consentPurposes, s.consentOther) };
    case 'information':
      return { question: optional(s.question) };
    case 'automated_decision':
      return { decision: s.decision, humanReviewRequested: s.humanReview };
    default:
      return {};
  }
}

/** The body for POST /requests, before validation (so it may be invalid: the schema says where). */
export function toRequestInput(s: FormState, locale: Locale): CreateRequestInput {
  return {
    type: s.type || undefined,
    details: details(s),
    email: s.email,
    fullName: s.fullName,
    locale,
    // The message box is not shown for these types: nothing typed before switching type is sent.
    message: hasOwnTextBox(s.type) ? undefined : optional(s.message),
  } as unknown as CreateRequestInput;
}
