// A controller's system receiving our webhooks: a real HTTP server on 127.0.0.1 that records every
// call (raw body and headers) and answers what the test scripts.
//   const receiver = await startWebhookReceiver();
//   receiver.answer = () => ({ status: 200, body: { data: { contacts: [] } } });
//   ... receiver.calls; await receiver.stop();
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedCall {
  raw: string;
  headers: IncomingHttpHeaders;
}

export interface ScriptedAnswer {
  status: number;
  body?: unknown;
}

export interface WebhookReceiver {
  url: string;
  calls: ReceivedCall[];
  /** Decides each answer; `n` counts calls from 1. Default: 200 with empty data. */
  answer: (call: ReceivedCall, n: number) => ScriptedAnswer;
  waitForCalls(count: number, timeoutMs?: number): Promise<ReceivedCall[]>;
  stop(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const receiver: WebhookReceiver = {
    url: '',
    calls: [],
    answer: () => ({ status: 200, body: { data: {} } }),
    async waitForCalls(count, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (receiver.calls.length < count) {
        if (Date.now() > deadline) throw new Error(`receiver: ${receiver.calls.length}/${count} calls`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return receiver.calls;
    },
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const call = { raw: Buffer.concat(chunks).toString('utf8'), headers: req.headers };
      receiver.calls.push(call);
      const { status, body } = receiver.answer(call, receiver.calls.length);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(body === undefined ? '' : JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/dsr`;
  return receiver;
}

/** Polls until `check` answers a value (not undefined/false); for states settled by workers. */
export async function eventually<T>(
  check: () => Promise<T | undefined | false>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error('eventually: timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}
