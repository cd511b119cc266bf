import { describe, expect, it } from 'vitest';
import { fulfilDecisions } from './detail-action.ts';

const form = (entries: [string, string][]) => {
  const data = new FormData();
  for (const [name, value] of entries) data.append(name, value);
  return data;
};

describe('fulfilDecisions', () => {
  it('names each unanswered purpose of an objection instead of sending no decision (which accepts all)', () => {
    expect(
      fulfilDecisions(
        form([
          ['purpose', 'customer_analysis'],
          ['purpose', 'personalized_offers'],
          ['reason.customer_analysis', ''],
        ]),
      ),
    ).toEqual({ invalid: ['decision.customer_analysis', 'decision.personalized_offers'] });
  });

  it('names the grounds field of a refusal without grounds', () => {
    expect(
      fulfilDecisions(
        form([
          ['purpose', 'customer_analysis'],
          ['decision.customer_analysis', 'refuse'],
          ['reason.customer_analysis', '  '],
          ['purpose', 'personalized_offers'],
          ['decision.personalized_offers', 'accept'],
        ]),
      ),
    ).toEqual({ invalid: ['reason.customer_analysis'] });
  });

  it('reads one decision per purpose, the refusal with its grounds', () => {
    expect(
      fulfilDecisions(
        form([
          ['purpose', 'customer_analysis'],
          ['decision.customer_analysis', 'refuse'],
          ['reason.customer_analysis', 'Fraud detection.'],
          ['purpose', 'personalized_offers'],
          ['decision.personalized_offers', 'accept'],
          ['reason.personalized_offers', ''],
        ]),
      ),
    ).toEqual({
      decisions: [
        { purpose: 'customer_analysis', accept: false, reason: 'Fraud detection.' },
        { purpose: 'personalized_offers', accept: true },
      ],
    });
  });

  it('reads rectification decisions by index, and sends none when none was chosen', () => {
    expect(
      fulfilDecisions(
        form([
          ['decision.0', 'accept'],
          ['reason.0', ''],
          ['decision.1', 'refuse'],
          ['reason.1', 'Signed contract.'],
        ]),
      ),
    ).toEqual({
      decisions: [
        { index: 0, accept: true },
        { index: 1, accept: false, reason: 'Signed contract.' },
      ],
    });
    expect(fulfilDecisions(form([['decision.1', 'refuse']]))).toEqual({ invalid: ['reason.1'] });
    expect(fulfilDecisions(form([['reason.0', '']]))).toEqual({});
  });
});
