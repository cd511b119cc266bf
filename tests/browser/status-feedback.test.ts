import { appealDeadline } from '@dsr/shared/deadline';
import { staffRequestDetailSchema } from '@dsr/shared/staff-requests';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, detail } from '../api/staff-requests.fixtures.ts';
import { loginAs, randomIp, type StaffLogin } from '../support/staff.ts';
import { focusedId, uniqueEmail, usePortal, verificationMail, waitForHeading } from './portal.ts';

// The subject's status page when the request changed under them (closed meanwhile, already
// appealed, appeal window over): a precise message that survives the page's reload and takes
// focus; following an appeal; how to reach the supervisory authority after a denial.

const ui = usePortal();
let admin: StaffLogin;

beforeAll(async () => {
  admin = await loginAs(ui.portal.t, 'admin');
});
// Runs before usePortal's afterAll (after hooks run in reverse order): contexts and portal close next.
afterAll(() => {
  ui.portal?.t.clock.set(new Date());
});

/** Files a request over HTTP and opens its e-mailed link in a new browser tab: the status page. */
async function subjectOnStatusPage(type = 'erasure'): Promise<{ page: Page; reference: string }> {
  const email = uniqueEmail(`status-${type}`);
  const res = await ui.portal.t.app.inject({
    method: 'POST',
    url: '/api/v1/requests',
    remoteAddress: randomIp(),
    payload: {
      type,
      email,
      fullName: 'Camille Martin',
      locale: 'fr',
      details: type === 'erasure' ? { scope: 'Tout' } : {},
    },
  });
  expect(res.statusCode, res.body).toBe(202);
  const { link, reference } = await verificationMail(ui.portal.t, email);
  const page = await ui.newPage();
  await page.goto(link);
  await waitForHeading(page, 'Suivi de votre demande');
  return { page, reference };
}

async function staffActs(reference: string, payload: Record<string, unknown>): Promise<void> {
  const current = staffRequestDetailSchema.parse(
    (await detail(ui.portal.t, admin.headers, reference)).json(),
  );
  const res = await act(ui.portal.t, admin.headers, reference, {
    expectedVersion: current.version,
    ...payload,
  });
  expect(res.statusCode, res.body).toBe(200);
}

const deny = (reference: string) =>
  staffActs(reference, {
    action: 'deny',
    reasonCode: 'legal_obligation',
    explanation: 'Factures conservées.',
  });

const accessToken = (page: Page) => page.evaluate(() => sessionStorage.getItem('dsr.access') ?? '');

describe('status page feedback', () => {
  it('cancelling a request closed meanwhile: a message that stays after the reload, with focus', async () => {
    // An information request: staff answer and close it (an erasure would first run its sources).
    const { page, reference } = await subjectOnStatusPage('information');
    await staffActs(reference, { action: 'start' });
    await staffActs(reference, { action: 'complete', outcome: 'Voici les informations demandées.' });
    await page.getByRole('button', { name: 'Annuler ma demande' }).click();
    await page
      .getByRole('dialog', { name: 'Annuler votre demande ?' })
      .getByRole('button', { name: 'Oui, annuler ma demande' })
      .click();
    const notice = page.locator('#status-problem');
    await notice.getByText('Votre demande est close').waitFor();
    await page.locator('.badge', { hasText: 'Traitée' }).waitFor();
    await expect.poll(() => page.getByRole('heading', { name: 'Annuler la demande' }).count()).toBe(0);
    await expect.poll(() => focusedId(page)).toBe('status-problem');
    await notice.waitFor();
  });

  it('appealing twice, or too late: its own message; the denial says how to reach the CNIL', async () => {
    const { t } = ui.portal;
    const { page, reference } = await subjectOnStatusPage();
    await deny(reference);
    await page.reload();
    await page.getByRole('heading', { name: 'Contester cette décision' }).waitFor();

    // Appealed from another tab meanwhile.
    const other = await t.app.inject({
      method: 'POST',
      url: '/api/v1/requests/me/appeal',
      headers: { authorization: `Bearer ${await accessToken(page)}` },
      payload: { body: 'Depuis un autre onglet.' },
    });
    expect(other.statusCode, other.body).toBe(201);
    await page.getByLabel('Pourquoi contestez-vous cette décision ?').fill('Je conteste.');
    await page.getByRole('button', { name: 'Envoyer mon recours' }).click();
    await page.locator('#status-problem').getByText('Cette action n’est plus possible').waitFor();
    await expect.poll(() => focusedId(page)).toBe('status-problem');

    // The denial says how to reach the supervisory authority.
    const outcome = page.getByRole('region', { name: 'Notre réponse' });
    await outcome.getByText('01 53 73 22 22').waitFor();
    await expect
      .poll(() => outcome.getByRole('link', { name: 'www.cnil.fr' }).getAttribute('href'))
      .toBe('https://www.cnil.fr');

    // The 60-day window has ended while the page was open.
    const late = await subjectOnStatusPage();
    await deny(late.reference);
    await late.page.reload();
    await late.page.getByRole('heading', { name: 'Contester cette décision' }).waitFor();
    const row = await t.prisma.request.findUniqueOrThrow({
      where: { reference: late.reference },
      select: { closedAt: true },
    });
    const last = appealDeadline(row.closedAt!, 'Europe/Paris');
    await t.prisma.requestToken.updateMany({
      where: { request: { reference: late.reference }, purpose: 'access' },
      data: { expiresAt: new Date(last.getTime() + 86_400_000) },
    });
    t.clock.set(new Date(last.getTime() + 1));
    try {
      await late.page.getByLabel('Pourquoi contestez-vous cette décision ?').fill('Je conteste.');
      await late.page.getByRole('button', { name: 'Envoyer mon recours' }).click();
      await late.page.locator('#status-problem').getByText('Le délai de recours est dépassé').waitFor();
      await expect.poll(() => focusedId(late.page)).toBe('status-problem');
    } finally {
      t.clock.set(new Date());
    }
  });

  it('following an appeal clears the notice about it; the appeal names the request it contests', async () => {
    const { page, reference } = await subjectOnStatusPage();
    await deny(reference);
    await page.reload();
    await page.getByLabel('Pourquoi contestez-vous cette décision ?').fill('Je conteste.');
    await page.getByRole('button', { name: 'Envoyer mon recours' }).click();
    const filed = page.getByText(/Votre recours est enregistré sous la référence DSR-\d{4}-\d+/);
    await filed.waitFor();
    const appealRef = /DSR-\d{4}-\d+/.exec((await filed.textContent()) ?? '')![0];
    await page.getByRole('button', { name: 'Suivre mon recours' }).click();
    await page.locator('.reference', { hasText: appealRef }).waitFor();
    // The appeal's page names the decision it contests.
    await page.locator('.summary > div', { hasText: 'Recours contre' }).getByText(reference).waitFor();
    await expect.poll(() => filed.count()).toBe(0);
    await expect.poll(() => page.getByRole('button', { name: 'Suivre mon recours' }).count()).toBe(0);
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
  });
});
