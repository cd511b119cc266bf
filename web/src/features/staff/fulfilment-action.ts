import { addIdentifierBodySchema, packageExclusionBodySchema } from '@dsr/shared/fulfilment';
import { addIdentifier, excludeRecord, recountMatches, retrySource } from './api/fulfilment.ts';

// The fulfilment forms of the request page go through the page's router action like every staff
// action (detail-action.ts), so they share its failure handling and the reload after success.
// Bodies are checked with the API's own schemas before they are sent.

export const FULFILMENT_INTENTS = ['match', 'add_identifier', 'retry_source', 'exclude'] as const;
export type FulfilmentIntent = (typeof FULFILMENT_INTENTS)[number];

export const isFulfilmentIntent = (intent: string): intent is FulfilmentIntent =>
  (FULFILMENT_INTENTS as readonly string[]).includes(intent);

type Call = (reference: string, csrfToken: string) => Promise<unknown>;

/** The API call a fulfilment form asks for, or the names of the fields it is missing. */
export function fulfilmentCall(intent: FulfilmentIntent, form: FormData): Call | { invalid: string[] } {
  const text = (name: string) => String(form.get(name) ?? '').trim();
  const invalid = (issues: { path: PropertyKey[] }[]) => ({
    invalid: [...new Set(issues.map((issue) => String(issue.path[0] ?? '')))],
  });
  switch (intent) {
    case 'match':
      return (reference, csrf) => recountMatches(reference, csrf);
    case 'retry_source': {
      const source = text('source');
      if (!source) return { invalid: ['source'] };
      return (reference, csrf) => retrySource(reference, source, csrf);
    }
    case 'add_identifier': {
      const parsed = addIdentifierBodySchema.safeParse({ kind: text('kind'), value: text('value') });
      if (!parsed.success) return invalid(parsed.error.issues);
      return (reference, csrf) => addIdentifier(reference, parsed.data, csrf);
    }
    case 'exclude': {
      // "Leave out fields" needs at least one field ticked; "leave out the row" sends none.
      const whole = text('scope') !== 'fields';
      const fields = form.getAll('fields').map(String);
      const parsed = packageExclusionBodySchema.safeParse({
        recordId: text('recordId'),
        reason: text('reason'),
        ...(whole ? {} : { fields }),
      });
      if (!parsed.success) return invalid(parsed.error.issues);
      return (reference, csrf) => excludeRecord(reference, parsed.data, csrf);
    }
  }
}
