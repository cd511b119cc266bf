import {
  canExtend,
  isTerminalStatus,
  nextStatus,
  type RequestStatus,
  type StaffAction,
} from '@dsr/shared/statuses';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, type StaffLogin } from '../support/staff.ts';
import { act, seedRequest } from './staff-requests.fixtures.ts';

// R11: the staff state machine, model-based, against the real API and database. Random sequences of
// actions, some fired concurrently with the same expectedVersion, some with a stale one. The model is
// the shared transition table; the server must agree with it on every answer.
// R12: 50 parallel actions with the same expectedVersion → one 200, 49 × 409, one audit event.

let t: TestApp;
let agent: StaffLogin;

beforeAll(async () => {
  t = await startTestApp();
  agent = await loginAs(t, 'agent');
});

afterAll(async () => {
  await t?.close();
});

const ACTIONS: readonly StaffAction[] = [
  'start',
  'assign',
  'request_info',
  'resume',
  'extend',
  'fulfil',
  'complete',
  'deny',
  'note',
  'message',
];

function payloadOf(action: StaffAction, assigneeId: string): Record<string, unknown> {
  switch (action) {
    case 'assign':
      return { assigneeId };
    case 'request_info':
    case 'note':
    case 'message':
      return { body: `${action} body` };
    case 'extend':
      return { months: 1, reason: 'Complex request.' };
    case 'complete':
      return { outcome: 'Done.' };
    case 'deny':
      return { reasonCode: 'excessive', explanation: 'Repeated request.' };
    default:
      return {};
  }
}

interface Model {
  status: RequestStatus;
  version: number;
  extended: boolean;
  accepted: number;
}

// The model runs on an `information` request: answered by staff alone, so `fulfil` is refused in
// every status (422 fulfilment_not_applicable) and `complete` waits for no fulfilment. The fulfilment
// tests cover `fulfil` and its gate on `complete` for the types with work.
const TYPE = 'information';
const allowed = (m: Model, action: StaffAction, now: Date, dueAt: Date): boolean =>
  action === 'extend'
    ? canExtend({ status: m.status, dueAt, extensionMonths: m.extended ? 1 : null, now }).ok
    : action === 'fulfil'
      ? false
      : nextStatus(m.status, action) !== null;

// A step: one action, or several fired at once with the version the model holds; `stale` sends an old version.
const stepArb = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({ actions: fc.tuple(fc.constantFrom(...ACTIONS)), stale: fc.boolean() }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      actions: fc.array(fc.constantFrom(...ACTIONS), { minLength: 2, maxLength: 4 }),
      stale: fc.constant(false),
    }),
  },
);

describe('R11: model-based state machine', () => {
  it('answers like the transition table; audit = accepted; versions increase; terminal stays terminal', async () => {
    let runs = 0;
    let totalAccepted = 0;
    let totalRefused = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 10, maxLength: 15 }), async (steps) => {
        runs += 1;
        const { id, reference } = await seedRequest(t, { type: TYPE });
        const row = await t.prisma.request.findUniqueOrThrow({ where: { id }, select: { dueAt: true } });
        const model: Model = { status: 'verified', version: 1, extended: false, accepted: 0 };
        let everTerminal = false;
        for (const step of steps) {
          const now = t.clock.now;
          if (step.stale && model.version > 1) {
            const action = step.actions[0]!;
            if (action === 'note') {
              // A note conflicts with nothing: accepted whatever version it carries, none bumped.
              const res = await act(t, agent.headers, reference, {
                action,
                expectedVersion: model.version - 1,
                ...payloadOf(action, agent.user.id),
              });
              expect(res.statusCode, res.body).toBe(200);
              expect(res.json()).toMatchObject({ status: model.status, version: model.version });
              model.accepted += 1;
              totalAccepted += 1;
              continue;
            }
            const res = await act(t, agent.headers, reference, {
              action,
              expectedVersion: model.version - 1,
              ...payloadOf(action, agent.user.id),
            });
            expect(res.statusCode, res.body).toBe(409);
            expect(res.json().current).toEqual({ status: model.status, version: model.version });
            totalRefused += 1;
            continue;
          }
          const answers = await Promise.all(
            step.actions.map((action) =>
              act(t, agent.headers, reference, {
                action,
                expectedVersion: model.version,
                ...payloadOf(action, agent.user.id),
              }),
            ),
          );
          // Notes all go through beside the one action that wins (they neither check nor bump the version).
          const notes = step.actions.filter((a) => a === 'note').length;
          const anyAllowed = step.actions.some((a) => a !== 'note' && allowed(model, a, now, row.dueAt!));
          const winners = answers.flatMap((res, i) =>
            res.statusCode === 200 && step.actions[i] !== 'note' ? [i] : [],
          );
          expect(winners.length, answers.map((a) => a.statusCode).join(',')).toBe(anyAllowed ? 1 : 0);
          answers.forEach((res, i) => {
            const action = step.actions[i]!;
            if (action === 'note') expect(res.statusCode, res.body).toBe(200);
            if (res.statusCode === 200) return;
            totalRefused += 1;
            if (res.statusCode === 422) expect(allowed(model, action, now, row.dueAt!), action).toBe(false);
            else expect(res.statusCode, res.body).toBe(409);
          });
          model.accepted += notes;
          totalAccepted += notes;
          if (winners.length === 1) {
            const i = winners[0]!;
            const action = step.actions[i]!;
            expect(allowed(model, action, now, row.dueAt!)).toBe(true);
            const body = answers[i]!.json();
            const to = nextStatus(model.status, action)!;
            expect(body.status).toBe(to);
            expect(body.version).toBe(model.version + 1);
            if (everTerminal) expect(body.status).toBe(model.status);
            model.status = to;
            model.version += 1;
            model.accepted += 1;
            if (action === 'extend') model.extended = true;
            totalAccepted += 1;
          }
          if (isTerminalStatus(model.status)) everTerminal = true;
        }
        const [dbRow, events] = await Promise.all([
          t.prisma.request.findUniqueOrThrow({ where: { id }, select: { status: true, version: true } }),
          // Staff actions only: the mail reactions add `token.issued` (a mail's link) by the system.
          t.prisma.auditEvent.findMany({
            where: { requestId: id, actorType: 'staff' },
            orderBy: { id: 'asc' },
            select: { type: true, data: true, toStatus: true },
          }),
        ]);
        expect(dbRow).toEqual({ status: model.status, version: model.version });
        expect(events).toHaveLength(model.accepted);
        const versions = events
          .filter((e) => e.type !== 'request.note_added')
          .map((e) => (e.data as { version: number }).version);
        expect(versions).toEqual(versions.map((_, i) => i + 2));
        // Once terminal, every later event keeps the status (only notes are accepted).
        const firstTerminal = events.findIndex((e) => e.toStatus !== null && isTerminalStatus(e.toStatus));
        if (firstTerminal >= 0) {
          const closed = events[firstTerminal]!.toStatus;
          for (const e of events.slice(firstTerminal)) expect(e.toStatus).toBe(closed);
        }
      }),
      { numRuns: 50, endOnFailure: true },
    );
    expect(runs).toBe(50);
    expect(totalAccepted).toBeGreaterThan(100);
    expect(totalRefused).toBeGreaterThan(100);
    console.info(`R11: 50 runs, ${totalAccepted} accepted, ${totalRefused} refused`);
    // 50 runs of real HTTP + database work: the time it takes is the machine's, not a goal.
  }, 180_000);
});

describe('R12: 50 parallel actions with the same expectedVersion', () => {
  // Actions that change the request (a status, or what the subject is told). Internal notes are
  // not among them: a note conflicts with nothing (staff-actions.test.ts).
  it('one 200, 49 × 409, one audit event', async () => {
    const { id, reference } = await seedRequest(t);
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        act(
          t,
          agent.headers,
          reference,
          i % 2 === 0
            ? { action: 'start', expectedVersion: 1 }
            : { action: 'message', expectedVersion: 1, body: `message ${i}` },
        ),
      ),
    );
    const codes = answers.map((a) => a.statusCode);
    expect(codes.filter((c) => c === 200)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(49);
    for (const a of answers.filter((x) => x.statusCode === 409)) {
      expect(a.json()).toMatchObject({ code: 'stale_version', current: { version: 2 } });
    }
    expect(await t.prisma.auditEvent.count({ where: { requestId: id } })).toBe(1);
    expect(
      (await t.prisma.request.findUniqueOrThrow({ where: { id }, select: { version: true } })).version,
    ).toBe(2);
    console.info(
      `R12: ${codes.filter((c) => c === 200).length} × 200, ${codes.filter((c) => c === 409).length} × 409`,
    );
  });
});
