import { describe, expect, it } from 'vitest';
import {
  allowedStaffActions,
  allowedSubjectActions,
  canExtend,
  nextStatus,
  type RequestAction,
  type RequestStatus,
  STAFF_ACTIONS,
  STATUSES,
  SUBJECT_ACTIONS,
  staffActionSchema,
  TERMINAL_STATUSES,
} from './statuses.ts';

// Written out by hand from the request lifecycle, not derived from the table under test.
// Every (status, action) pair not listed must be refused.
const EXPECTED: Record<RequestStatus, Partial<Record<RequestAction, RequestStatus>>> = {
  pending_verification: { verify: 'verified', expire: 'expired', cancel: 'cancelled' },
  verified: {
    start: 'in_progress',
    deny: 'denied',
    assign: 'verified',
    extend: 'verified',
    note: 'verified',
    message: 'verified',
    reply: 'verified',
    cancel: 'cancelled',
  },
  in_progress: {
    request_info: 'awaiting_subject',
    fulfil: 'in_progress',
    complete: 'completed',
    deny: 'denied',
    assign: 'in_progress',
    extend: 'in_progress',
    note: 'in_progress',
    message: 'in_progress',
    reply: 'in_progress',
    cancel: 'cancelled',
  },
  awaiting_subject: {
    resume: 'in_progress',
    reply: 'in_progress',
    deny: 'denied',
    assign: 'awaiting_subject',
    extend: 'awaiting_subject',
    note: 'awaiting_subject',
    message: 'awaiting_subject',
    cancel: 'cancelled',
  },
  completed: { note: 'completed', lift_restriction: 'completed' },
  denied: { note: 'denied', appeal: 'denied' },
  cancelled: { note: 'cancelled' },
  expired: { note: 'expired' },
};

const ACTIONS: RequestAction[] = [...STAFF_ACTIONS, ...SUBJECT_ACTIONS];
const pairs = STATUSES.flatMap((status) => ACTIONS.map((action) => [status, action] as const));

describe('transition table', () => {
  it('covers 8 statuses × 16 actions', () => expect(pairs).toHaveLength(128));

  it.each(pairs)('%s + %s', (status, action) => {
    expect(nextStatus(status, action)).toBe(EXPECTED[status][action] ?? null);
  });

  it.each(TERMINAL_STATUSES)('%s is terminal: nothing leads out of it', (status) => {
    for (const action of ACTIONS) {
      const next = nextStatus(status, action);
      expect(next === null || next === status).toBe(true);
    }
    expect(allowedStaffActions(status)).toEqual(
      status === 'completed' ? ['note', 'lift_restriction'] : ['note'],
    );
  });

  it('lists the actions each side may take', () => {
    expect(allowedStaffActions('pending_verification')).toEqual([]);
    expect(allowedStaffActions('verified')).toEqual(['start', 'assign', 'extend', 'deny', 'note', 'message']);
    expect(allowedStaffActions('in_progress')).toEqual([
      'assign',
      'request_info',
      'extend',
      'fulfil',
      'complete',
      'deny',
      'note',
      'message',
    ]);
    expect(allowedStaffActions('awaiting_subject')).toEqual([
      'assign',
      'resume',
      'extend',
      'deny',
      'note',
      'message',
    ]);
    expect(allowedSubjectActions('pending_verification')).toEqual(['verify', 'cancel', 'expire']);
    expect(allowedSubjectActions('denied')).toEqual(['appeal']);
    expect(allowedSubjectActions('completed')).toEqual([]);
  });
});

describe('canExtend', () => {
  const dueAt = new Date('2026-04-30T21:59:59.999Z');
  const before = new Date('2026-04-20T10:00:00Z');
  it('allows one extension before the deadline in a working state', () => {
    expect(canExtend({ status: 'in_progress', dueAt, extensionMonths: null, now: before })).toEqual({
      ok: true,
    });
    expect(canExtend({ status: 'verified', dueAt, extensionMonths: 0, now: dueAt })).toEqual({ ok: true });
  });
  it('refuses with a reason otherwise', () => {
    const reason = (input: Parameters<typeof canExtend>[0]) => {
      const result = canExtend(input);
      return result.ok ? 'ok' : result.reason;
    };
    expect(reason({ status: 'completed', dueAt, extensionMonths: null, now: before })).toBe(
      'action_not_allowed',
    );
    expect(reason({ status: 'pending_verification', dueAt: null, extensionMonths: null, now: before })).toBe(
      'action_not_allowed',
    );
    expect(reason({ status: 'in_progress', dueAt, extensionMonths: 2, now: before })).toBe(
      'already_extended',
    );
    const after = new Date(dueAt.getTime() + 1);
    expect(reason({ status: 'in_progress', dueAt, extensionMonths: null, now: after })).toBe(
      'deadline_passed',
    );
  });
});

describe('staffActionSchema', () => {
  const ok = (body: unknown) => staffActionSchema.safeParse(body).success;
  const uuid = '7b0c4f7e-3f3a-4c1e-9a57-1d2f4b6a8c90';

  it('accepts each action with its own fields', () => {
    expect(ok({ action: 'start', expectedVersion: 1 })).toBe(true);
    expect(ok({ action: 'resume', expectedVersion: 3 })).toBe(true);
    expect(ok({ action: 'fulfil', expectedVersion: 2 })).toBe(true);
    expect(ok({ action: 'assign', expectedVersion: 1, assigneeId: uuid })).toBe(true);
    expect(ok({ action: 'assign', expectedVersion: 1, assigneeId: null })).toBe(true);
    for (const action of ['request_info', 'note', 'message']) {
      expect(ok({ action, expectedVersion: 1, body: 'Please send a copy of your ID' })).toBe(true);
    }
    expect(ok({ action: 'extend', expectedVersion: 1, months: 2, reason: 'Complex request' })).toBe(true);
    expect(ok({ action: 'complete', expectedVersion: 1, outcome: 'x'.repeat(10000) })).toBe(true);
    expect(
      ok({ action: 'deny', expectedVersion: 1, reasonCode: 'excessive', explanation: 'Fifth copy' }),
    ).toBe(true);
  });

  it('rejects bad versions, unknown fields and out-of-range values', () => {
    expect(ok({ action: 'start' })).toBe(false);
    expect(ok({ action: 'start', expectedVersion: 0 })).toBe(false);
    expect(ok({ action: 'start', expectedVersion: 1.5 })).toBe(false);
    expect(ok({ action: 'start', expectedVersion: '1' })).toBe(false);
    expect(ok({ action: 'start', expectedVersion: 1, body: 'x' })).toBe(false);
    expect(ok({ action: 'fulfil' })).toBe(false);
    expect(ok({ action: 'fulfil', expectedVersion: 1, outcome: 'x' })).toBe(false);
    expect(ok({ action: 'verify', expectedVersion: 1 })).toBe(false);
    expect(ok({ action: 'assign', expectedVersion: 1, assigneeId: 'bob' })).toBe(false);
    expect(ok({ action: 'assign', expectedVersion: 1 })).toBe(false);
    expect(ok({ action: 'note', expectedVersion: 1, body: '   ' })).toBe(false);
    expect(ok({ action: 'message', expectedVersion: 1, body: 'x'.repeat(5001) })).toBe(false);
    expect(ok({ action: 'extend', expectedVersion: 1, months: 3, reason: 'x' })).toBe(false);
    expect(ok({ action: 'extend', expectedVersion: 1, months: 1 })).toBe(false);
    expect(ok({ action: 'complete', expectedVersion: 1, outcome: 'x'.repeat(10001) })).toBe(false);
    expect(ok({ action: 'deny', expectedVersion: 1, reasonCode: 'lazy', explanation: 'x' })).toBe(false);
    expect(ok({ action: 'deny', expectedVersion: 1, reasonCode: 'other' })).toBe(false);
  });
});
