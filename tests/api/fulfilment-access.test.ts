// Access end to end: filed, verified, started, fulfilled against a real webhook source (an HTTP
// server on 127.0.0.1 holding two look-alike subjects), package built, completed, downloaded and
// unzipped here: data.json holds exactly the subject's rows, validated by data.schema.json.
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeExpiredExports } from '../../api/src/modules/retention/expired-exports.ts';
import { PURGE_EXPORTS_QUEUE } from '../../api/src/modules/retention/retention.jobs.ts';
import type { TestApp } from '../support/app.ts';
import { unzip } from '../support/zip.ts';
import { actions, type FulfilmentWorld, startFulfilmentWorld } from './fulfilment.fixtures.ts';
import { fileAndVerify, uniqueEmail, waitForMail } from './staff-requests.fixtures.ts';

let w: FulfilmentWorld;
let t: TestApp;
let a: ReturnType<typeof actions>;

beforeAll(async () => {
  w = await startFulfilmentWorld();
  t = w.t;
  a = actions(w);
});
afterAll(async () => {
  await w?.close();
});

const act = (reference: string, payload: Record<string, unknown>) => a.act(reference, payload);
const packageReady = (reference: string) => a.packageReady(reference);
const startedRequest = (options: { locale?: 'fr' | 'en'; email?: string }) => a.start(options);

describe('access: fulfil, review, complete, download', () => {
  it('hands the subject exactly their rows as a ZIP they can check', async () => {
    const email = uniqueEmail('camille');
    const lookalike = email.replace('camille', 'camile');
    w.crm.set(email, [
      { id: 1, email, name: 'Camille Dupont', formula: '=HYPERLINK("x")', vip: true },
      { id: 2, email, name: 'Camille D.', formula: null, vip: false },
    ]);
    w.crm.set(lookalike, [{ id: 3, email: lookalike, name: 'Camile Dupond', formula: null, vip: false }]);
    const a = await startedRequest({ locale: 'en', email });
    const early = await act(a.reference, { action: 'complete', expectedVersion: 3, outcome: 'Done.' });
    expect(early.statusCode).toBe(422);
    expect(early.json()).toMatchObject({ code: 'fulfilment_pending' });

    const fulfil = await act(a.reference, { action: 'fulfil', expectedVersion: 3 });
    expect(fulfil.statusCode, fulfil.body).toBe(200);
    expect(fulfil.json()).toMatchObject({ status: 'in_progress', version: 4 });
    const pkg = await packageReady(a.reference);
    expect(pkg.fileName).toBe(`${a.reference}.zip`);

    const done = await act(a.reference, {
      action: 'complete',
      expectedVersion: 4,
      outcome: 'Here is your data.',
    });
    expect(done.statusCode, done.body).toBe(200);
    const mail = await waitForMail(t, email, (m) => m.subject.includes('completed'));
    expect(mail.text).toContain('Your data is ready');

    const view = await t.app.inject({
      url: '/api/v1/requests/me',
      headers: { authorization: `Bearer ${a.accessToken}` },
    });
    const downloads = view.json().downloads as Array<{
      id: string;
      fileName: string;
      sizeBytes: number;
      expiresAt: string;
    }>;
    expect(downloads).toEqual([
      {
        id: expect.any(String),
        fileName: `${a.reference}.zip`,
        sizeBytes: Number(pkg.sizeBytes),
        expiresAt: expect.any(String),
      },
    ]);
    expect(new Date(downloads[0]!.expiresAt).getTime() - t.clock.now.getTime()).toBe(7 * 86_400_000);

    const res = await t.app.inject({
      url: `/api/v1/downloads/${downloads[0]!.id}`,
      headers: { authorization: `Bearer ${a.accessToken}` },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['cache-control']).toBe('no-store');
    const files = await unzip(res.rawPayload);
    expect([...files.keys()].sort()).toEqual([
      'crm/contacts.csv',
      'data.json',
      'data.schema.json',
      'report.html',
    ]);
    const data = JSON.parse(files.get('data.json')!.toString('utf8'));
    expect(data.request).toMatchObject({ reference: a.reference, type: 'access' });
    expect(data.sources).toEqual({ crm: { contacts: w.crm.get(email) } });
    const ajv = new Ajv({ strict: false, validateFormats: false });
    const validate = ajv.compile(JSON.parse(files.get('data.schema.json')!.toString('utf8')));
    expect(validate(data), JSON.stringify(validate.errors)).toBe(true);
    // The schema says what a row holds: a foreign column is refused.
    expect(validate({ ...data, sources: { crm: { contacts: [{ id: 1, password: 'x' }] } } })).toBe(false);

    const csv = files.get('crm/contacts.csv')!.toString('utf8');
    expect(csv.replace(/^\uFEFF/, '').split('\r\n')).toEqual([
      'id,email,formula,name,vip',
      `1,${email},"'=HYPERLINK(""x"")",Camille Dupont,true`,
      `2,${email},,Camille D.,false`,
      '',
    ]);
    const report = files.get('report.html')!.toString('utf8');
    expect(report).toContain('<html lang="en">');
    expect(report).toContain('Your personal data');
    expect(report).toContain('CNIL');
    expect(report).not.toContain('<script');
    expect(report).not.toContain('Camile');
  });

  it("refuses another subject's token (404) and an expired link (410)", async () => {
    const email = uniqueEmail('dana');
    w.crm.set(email, [{ id: 9, email }]);
    const a = await startedRequest({ email });
    const b = await fileAndVerify(t);
    expect((await act(a.reference, { action: 'fulfil', expectedVersion: 3 })).statusCode).toBe(200);
    await packageReady(a.reference);
    expect(
      (await act(a.reference, { action: 'complete', expectedVersion: 4, outcome: 'Done.' })).statusCode,
    ).toBe(200);
    const download = await t.prisma.download.findFirstOrThrow({
      where: { request: { reference: a.reference } },
    });
    const fetch = (token: string) =>
      t.app.inject({
        url: `/api/v1/downloads/${download.id}`,
        headers: { authorization: `Bearer ${token}` },
      });
    expect((await fetch(b.accessToken)).statusCode).toBe(404);
    t.clock.advance(7 * 86_400_000);
    const expired = await fetch(a.accessToken);
    expect(expired.statusCode).toBe(410);
    expect(expired.json()).toMatchObject({ code: 'download_expired' });
    // The daily job then deletes the ZIP and the draft's rows; the link still says 410.
    expect(await t.prisma.fulfilmentRecord.count({ where: { requestId: download.requestId } })).toBe(1);
    await purgeExpiredExports(t.app.deps, t.clock.now);
    expect(await t.prisma.blob.count({ where: { id: download.blobId! } })).toBe(0);
    expect(await t.prisma.fulfilmentRecord.count({ where: { requestId: download.requestId } })).toBe(0);
    expect((await fetch(a.accessToken)).statusCode).toBe(410);
    const schedules = await t.jobs.boss.getSchedules();
    expect(schedules.find((s) => s.name === PURGE_EXPORTS_QUEUE)?.cron).toBe('30 3 * * *');
    t.clock.set(new Date());
  });
});
