import { describe, expect, it } from 'vitest';
import { type TimelineSource, toTimeline } from './subject-timeline.ts';

const at = new Date('2026-03-01T10:00:00.000Z');
const event = (e: Partial<TimelineSource> & { type: string }): TimelineSource => ({
  fromStatus: null,
  toStatus: null,
  data: {},
  at,
  ...e,
});

describe('toTimeline', () => {
  it('keeps what the subject may see and drops staff-only events', () => {
    const timeline = toTimeline([
      event({ type: 'request.received', toStatus: 'pending_verification' }),
      event({ type: 'token.issued' }),
      event({ type: 'request.verified', fromStatus: 'pending_verification', toStatus: 'verified' }),
      event({ type: 'request.assigned', data: { assigneeId: 'staff-1' } }),
      event({ type: 'request.note_added' }),
      event({ type: 'access_link.sent' }),
      event({ type: 'download.fetched' }),
    ]);
    expect(timeline.map((e) => e.type)).toEqual(['received', 'verified']);
  });

  it('says a status change once: on the line of the event that carried it', () => {
    const timeline = toTimeline([
      event({
        type: 'message.from_staff',
        fromStatus: 'in_progress',
        toStatus: 'awaiting_subject',
        data: { requestsInformation: true },
      }),
      event({ type: 'fulfilment.requested', fromStatus: 'verified', toStatus: 'in_progress' }),
      event({ type: 'message.from_staff', fromStatus: 'in_progress', toStatus: 'in_progress' }),
      event({ type: 'message.from_subject', fromStatus: 'awaiting_subject', toStatus: 'in_progress' }),
      event({ type: 'message.from_subject', fromStatus: 'in_progress', toStatus: 'in_progress' }),
      event({ type: 'request.cancelled', fromStatus: 'in_progress', toStatus: 'cancelled' }),
    ]);
    expect(timeline).toEqual([
      { type: 'info_requested', at: at.toISOString() },
      { type: 'status_changed', from: 'verified', to: 'in_progress', at: at.toISOString() },
      { type: 'message', from: 'staff', at: at.toISOString() },
      { type: 'message', from: 'subject', to: 'in_progress', at: at.toISOString() },
      { type: 'message', from: 'subject', at: at.toISOString() },
      { type: 'cancelled', at: at.toISOString() },
    ]);
  });

  it('reads extension and denial codes defensively', () => {
    const timeline = toTimeline([
      event({ type: 'request.extended', data: { months: 2, dueAt: '2026-05-31T21:59:59.999Z' } }),
      event({ type: 'request.extended', data: { months: 7 } }),
      event({ type: 'request.denied', data: { reasonCode: 'excessive' } }),
      event({ type: 'request.denied', data: { reasonCode: 'made-up' } }),
      event({ type: 'request.denied', data: null }),
    ]);
    expect(timeline).toEqual([
      { type: 'extended', months: 2, dueAt: '2026-05-31T21:59:59.999Z', at: at.toISOString() },
      { type: 'denied', reasonCode: 'excessive', at: at.toISOString() },
      { type: 'denied', reasonCode: null, at: at.toISOString() },
      { type: 'denied', reasonCode: null, at: at.toISOString() },
    ]);
  });
});
