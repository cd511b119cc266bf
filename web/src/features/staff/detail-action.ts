import { type StaffActionInput, staffActionSchema } from '@dsr/shared/statuses';
import { type ActionFunctionArgs, data } from 'react-router';
import { isApiError } from '../../lib/api-client.ts';
import { performAction } from './api/requests.ts';
import { fulfilmentCall, isFulfilmentIntent } from './fulfilment-action.ts';
import { withSession } from './session.ts';

// Router action of the request detail page: every staff action is one form post carrying `intent`
// and `expectedVersion`; the body is checked with the API's own schema before it is sent. Failures
// answer with their HTTP status, so the router does not reload the page behind the message (the
// user decides, with the reload button); success reloads the page's data.

export type ActionIntent = StaffActionInput['action'];

export type DetailActionResult =
  | { intent: string; ok: true }
  | {
      intent: string;
      ok: false;
      /** stale: 409; refused: 422 / 403; invalid: the form is incomplete. */
      kind: 'stale' | 'refused' | 'invalid' | 'failed';
      /** The API's stable error code, shown in words by error-words.ts (never its English `detail`). */
      code?: string;
      fields?: string[];
    };

function toInput(form: FormData): unknown {
  const text = (name: string) => String(form.get(name) ?? '').trim();
  const action = text('intent');
  const expectedVersion = Number(text('expectedVersion'));
  switch (action) {
    case 'assign':
      return { action, expectedVersion, assigneeId: text('assigneeId') || null };
    case 'request_info':
    case 'note':
    case 'message':
      return { action, expectedVersion, body: text('body') };
    case 'extend':
      return { action, expectedVersion, months: Number(text('months')), reason: text('reason') };
    case 'complete':
      return { action, expectedVersion, outcome: text('outcome') };
    case 'deny':
      return { action, expectedVersion, reasonCode: text('reasonCode'), explanation: text('explanation') };
    case 'lift_restriction':
      return { action, expectedVersion, reason: text('reason') };
    case 'fulfil': {
      const decisions = fulfilDecisions(form);
      return { action, expectedVersion, ...('decisions' in decisions ? decisions : {}) };
    }
    default:
      return { action, expectedVersion };
  }
}

/**
 * The `decisions` of a `fulfil` form, or the fields left unanswered. Rectification: `decision.<i>`
 * (accept | refuse) and `reason.<i>` per correction. Objection: one `purpose` per purpose to decide,
 * each with `decision.<purpose>` and `reason.<purpose>` (the compelling legitimate grounds); an
 * unanswered purpose is named rather than sent, since `fulfil` without decisions accepts them all.
 * A refusal without its reason names that reason field.
 */
export function fulfilDecisions(
  form: FormData,
): { decisions: unknown[] } | { invalid: string[] } | Record<string, never> {
  const text = (name: string) => String(form.get(name) ?? '').trim();
  const invalid: string[] = [];
  const decide = (key: string) => {
    const choice = text(`decision.${key}`);
    const reason = text(`reason.${key}`);
    if (choice !== 'accept' && choice !== 'refuse') invalid.push(`decision.${key}`);
    else if (choice === 'refuse' && !reason) invalid.push(`reason.${key}`);
    return { accept: choice === 'accept', ...(reason ? { reason } : {}) };
  };
  const purposes = form.getAll('purpose').map(String);
  const decisions =
    purposes.length > 0
      ? purposes.map((purpose) => ({ purpose, ...decide(purpose) }))
      : [...form.keys()]
          .filter((k) => /^decision\.\d+$/.test(k))
          .map((k) => {
            const index = Number(k.slice('decision.'.length));
            return { index, ...decide(String(index)) };
          });
  if (invalid.length > 0) return { invalid };
  return decisions.length > 0 ? { decisions } : {};
}

export async function detailAction({ request, params }: ActionFunctionArgs) {
  const form = await request.formData();
  const intent = String(form.get('intent') ?? '');
  const reference = params.reference ?? '';
  const invalid = (fields: string[]) =>
    data<DetailActionResult>({ intent, ok: false, kind: 'invalid', fields }, { status: 400 });
  let call: (csrfToken: string) => Promise<unknown>;
  if (isFulfilmentIntent(intent)) {
    const found = fulfilmentCall(intent, form);
    if ('invalid' in found) return invalid(found.invalid);
    call = (csrfToken) => found(reference, csrfToken);
  } else {
    const decisions = intent === 'fulfil' ? fulfilDecisions(form) : {};
    if ('invalid' in decisions) return invalid(decisions.invalid);
    const parsed = staffActionSchema.safeParse(toInput(form));
    if (!parsed.success) {
      return invalid([...new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? '')))]);
    }
    call = (csrfToken) => performAction(reference, parsed.data, csrfToken);
  }
  return withSession(request, async (session) => {
    try {
      await call(session.csrfToken);
      return data<DetailActionResult>({ intent, ok: true });
    } catch (error) {
      if (!isApiError(error) || error.status === 401) throw error;
      const kind = error.status === 409 ? 'stale' : [403, 422].includes(error.status) ? 'refused' : 'failed';
      const result: DetailActionResult = { intent, ok: false, kind, code: error.code };
      return data(result, { status: error.status || 500 });
    }
  });
}
