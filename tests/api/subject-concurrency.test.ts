// The subject sends no version: when a staff action holds the request at the same moment, the
// subject's cancel or reply waits for it and then acts on the state it left, never a 409.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transitionRequest } from '../../api/src/modules/requests/request.transition.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { fileAndVerify } from './staff-requests.fixtures.ts';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

/** Files and verifies a request over HTTP; returns its id and the subject's access token. */
async function verifiedRequest(): Promise<{ id: string; accessToken: string }> {
  const { reference, accessToken } = await fileAndVerify(t, { type: 'information' });
  const { id } = await t.prisma.request.findUniqueOrThrow({ where: { reference }, select: { id: true } });
  return { id, accessToken };
}

/** Runs a staff `start` in a transaction that keeps the row locked while `during` runs. */
async function whileStaffHoldsTheRow<T>(id: string, during: () => Promise<T>): Promise<T> {
  let result: Promise<T> | undefined;
  await t.prisma.$transaction(async (tx) => {
    await transitionRequest(tx, {
      requestId: id,
      action: 'start',
      actor: { type: 'staff' },
      expectedVersion: 2,
      auditType: 'request.status_changed',
    });
    result = during();
    await new Promise((r) => setTimeout(r, 300));
  });
  return result!;
}

describe('subject actions racing a staff action', () => {
  it('cancel waits for the staff transaction and then cancels', async () => {
    const { id, accessToken } = await verifiedRequest();
    const res = await whileStaffHoldsTheRow(id, () =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/requests/me/cancel',
        headers: { authorization: `Bearer ${accessToken}` },
        payload: {},
      }),
    );
    expect(res.statusCode).toBe(200);
    const row = await t.prisma.request.findUniqueOrThrow({
      where: { id },
      select: { status: true, version: true },
    });
    expect(row).toEqual({ status: 'cancelled', version: 4 });
  });

  it('a reply waits for the staff transaction and is recorded on top of it', async () => {
    const { id, accessToken } = await verifiedRequest();
    const res = await whileStaffHoldsTheRow(id, () =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/requests/me/messages',
        headers: { authorization: `Bearer ${accessToken}` },
        payload: { body: 'Any news?' },
      }),
    );
    expect(res.statusCode).toBe(201);
    const row = await t.prisma.request.findUniqueOrThrow({
      where: { id },
      select: { status: true, version: true },
    });
    expect(row).toEqual({ status: 'in_progress', version: 4 });
  });
});
