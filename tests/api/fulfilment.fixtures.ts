// Fulfilment tests: a portal whose data map has one webhook source, "crm", served by a real HTTP
// server on 127.0.0.1 that answers each subject's rows from its own table (look-alikes included),
// or an error for addresses listed in `failing`.
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { dataMapSchema } from '../../api/src/modules/fulfilment/datamap.schema.ts';
import { startTestApp, type TestApp, type TestAppOptions } from '../support/app.ts';
import { loginAs, type StaffLogin } from '../support/staff.ts';
import { eventually, startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';
import { fileAndVerify } from './staff-requests.fixtures.ts';

export interface FulfilmentWorld {
  t: TestApp;
  agent: StaffLogin;
  receiver: WebhookReceiver;
  /** The CRM's rows per subject e-mail. */
  crm: Map<string, Array<Record<string, unknown>>>;
  /** Addresses the CRM answers 503 for. */
  failing: Set<string>;
  close(): Promise<void>;
}

export async function startFulfilmentWorld(
  options: Pick<TestAppOptions, 'env'> = {},
): Promise<FulfilmentWorld> {
  const crm = new Map<string, Array<Record<string, unknown>>>();
  const failing = new Set<string>();
  const receiver = await startWebhookReceiver();
  receiver.answer = (call) => {
    const { subject } = JSON.parse(call.raw) as { subject: { email: string } };
    if (failing.has(subject.email)) return { status: 503 };
    return { status: 200, body: { data: { contacts: crm.get(subject.email) ?? [] } } };
  };
  const dataMap = dataMapSchema.parse({
    sources: [
      {
        name: 'crm',
        kind: 'webhook',
        url: receiver.url,
        secret: `whsec_${randomBytes(16).toString('hex')}`,
        types: ['access', 'portability'],
        timeoutSeconds: 5,
      },
    ],
  });
  // One delivery attempt, then the source shows as failed.
  const t = await startTestApp({
    ...options,
    dataMap,
    webhookPolicy: { retryLimit: 0, retryDelay: 1, retryBackoff: false },
  });
  const agent = await loginAs(t, 'agent');
  return {
    t,
    agent,
    receiver,
    crm,
    failing,
    async close() {
      await t.close();
      await receiver.stop();
    },
  };
}

export function actions(w: FulfilmentWorld) {
  const post = (url: string, payload: Record<string, unknown> = {}) =>
    w.t.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: w.agent.headers, payload });
  const act = (reference: string, payload: Record<string, unknown>) =>
    post(`/staff/requests/${reference}/actions`, payload);
  const version = async (reference: string) =>
    (await w.t.prisma.request.findUniqueOrThrow({ where: { reference }, select: { version: true } })).version;
  return {
    post,
    act,
    version,
    async start(
      options: {
        type?: 'access' | 'portability';
        locale?: 'fr' | 'en';
        email?: string;
        details?: Record<string, unknown>;
      } = {},
    ) {
      const filed = await fileAndVerify(w.t, options);
      expect((await act(filed.reference, { action: 'start', expectedVersion: 2 })).statusCode).toBe(200);
      return filed;
    },
    async fulfil(reference: string) {
      const res = await act(reference, { action: 'fulfil', expectedVersion: await version(reference) });
      expect(res.statusCode, res.body).toBe(200);
    },
    packageReady: (
      reference: string,
      afterGeneration = 0,
    ): Promise<{ generation: number; fileName: string | null; sizeBytes: bigint | null }> =>
      eventually(async () => {
        const pkg = await w.t.prisma.package.findFirst({
          where: { request: { reference } },
          select: { state: true, generation: true, fileName: true, sizeBytes: true },
        });
        return pkg?.state === 'ready' && pkg.generation > afterGeneration && pkg;
      }),
    async complete(reference: string) {
      const res = await act(reference, {
        action: 'complete',
        expectedVersion: await version(reference),
        outcome: 'Done.',
      });
      expect(res.statusCode, res.body).toBe(200);
      return res;
    },
    detail: async (reference: string) =>
      (await w.t.app.inject({ url: `/api/v1/staff/requests/${reference}`, headers: w.agent.headers })).json(),
  };
}
