import { staffRequestDetailSchema } from '@dsr/shared/staff-requests';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, detail, seedRequest } from '../api/staff-requests.fixtures.ts';
import { checkA11y, formatViolations } from '../support/browser.ts';
import { createStaffUser, loginAs, randomIp, type StaffLogin } from '../support/staff.ts';
import { signInStaff, uniqueEmail, usePortal, verificationMail, waitForHeading } from './portal.ts';

// Where people stumbled (issue "every controller, every language, every link"): the confirmation
// after filing (survives a reload), choosing a right (hints, "not sure?", errors that say which
// question, "Error:" in the title), the status page after an appeal and a reload, and pages that
// never scroll sideways on a 390 px phone, with 200-character unbroken names, public and staff.

const ui = usePortal();
const NNBSP = '\u202f';
let admin: StaffLogin;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  admin = await loginAs(ui.portal.t, 'admin');
});
// Runs before usePortal's afterAll (the browser closes there).
afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close()));
});

async function pageAt(width: number, height = 844): Promise<Page> {
  const context = await ui.portal.browser.newContext({ viewport: { width, height } });
  context.setDefaultTimeout(10_000);
  contexts.push(context);
  return context.newPage();
}

async function expectAccessible(page: Page, label: string): Promise<void> {
  const violations = await checkA11y(page);
  expect(violations, `${label}\n${formatViolations(violations)}`).toEqual([]);
}

/** No sideways scrolling: the document is no wider than the viewport. */
async function expectNoSideScroll(page: Page, label: string): Promise<void> {
  await expect
    .poll(
      () =>
        page.evaluate(() => ({
          scroll: document.documentElement.scrollWidth,
          viewport: window.innerWidth,
        })),
      { timeout: 15_000, message: label },
    )
    .toSatisfy(({ scroll, viewport }) => scroll <= viewport);
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

/** Files over HTTP and opens the e-mailed link: the status page. */
async function onStatusPage(
  page: Page,
  body: Record<string, unknown>,
): Promise<{ reference: string; email: string }> {
  const email = uniqueEmail('pages');
  const res = await ui.portal.t.app.inject({
    method: 'POST',
    url: '/api/v1/requests',
    remoteAddress: randomIp(),
    payload: { email, fullName: 'Camille Martin', locale: 'fr', ...body },
  });
  expect(res.statusCode, res.body).toBe(202);
  const { link, reference } = await verificationMail(ui.portal.t, email);
  await page.goto(link);
  await waitForHeading(page, 'Suivi de votre demande');
  return { reference, email };
}

describe('confirmation after filing', () => {
  it('a panel with the reference, what happens next and by when, the contact; it survives a reload', async () => {
    const page = await pageAt(1024);
    const email = uniqueEmail('confirm');
    await page.goto(`${ui.portal.baseUrl}/request?type=information`);
    await page.fill('#f-details-question', 'Quelles données ?');
    await page.fill('#f-fullName', 'Ada Lovelace');
    await page.fill('#f-email', email);
    await page.getByRole('button', { name: 'Envoyer ma demande' }).click();
    await waitForHeading(page, 'Vérifiez votre boîte e-mail');
    const { reference } = await verificationMail(ui.portal.t, email);

    for (const when of ['after filing', 'after a reload']) {
      const panel = page.locator('.confirmation-panel');
      await panel.getByText(reference, { exact: true }).waitFor();
      await page.getByRole('heading', { name: `Et maintenant${NNBSP}?` }).waitFor();
      await page.getByText(/Confirmez votre adresse e-mail avant le \d+/).waitFor();
      await page
        .getByText(/dans un délai d’un mois à compter de votre confirmation \(au plus tard le \d+/)
        .waitFor();
      await expect
        .poll(
          () => page.getByRole('link', { name: 'contact@isolectra.fr', exact: true }).getAttribute('href'),
          {
            timeout: 15_000,
          },
        )
        .toBe('mailto:contact@isolectra.fr');
      await page.getByRole('button', { name: 'Imprimer ou enregistrer cette page' }).waitFor();
      // Nothing personal, not even the reference, in the address.
      expect(page.url()).toBe(`${ui.portal.baseUrl}/request/sent`);
      await expectAccessible(page, `confirmation ${when}`);
      if (when === 'after filing') await page.reload();
    }

    // The print stylesheet leaves the buttons and the site's header out.
    await page.emulateMedia({ media: 'print' });
    await expect
      .poll(() => page.getByRole('button', { name: 'Imprimer ou enregistrer cette page' }).isVisible(), {
        timeout: 15_000,
      })
      .toBe(false);
    await expect.poll(() => page.locator('.site-header').isVisible(), { timeout: 15_000 }).toBe(false);
    await page.locator('.confirmation-panel').getByText(reference).waitFor();
  });
});

describe('choosing a right', () => {
  it('hints per right, a "not sure?" guide, errors naming their question, "Erreur :" in the title', async () => {
    const page = await pageAt(1024);
    await page.goto(`${ui.portal.baseUrl}/request`);
    await waitForHeading(page, 'Faire une demande');
    // Each right says in one line what it is for (tied to its radio button).
    await expect
      .poll(() => page.locator('#f-type-restriction').getAttribute('aria-describedby'), { timeout: 15_000 })
      .toBe('f-type-restriction-hint');
    await page.locator('#f-type-restriction-hint').getByText('sans les effacer').waitFor();
    await page.locator('#f-type-automated_decision-hint').getByText('programme').waitFor();

    // Unsure: the guide leads to an information request.
    await page.getByText(`Vous ne savez pas quel droit choisir${NNBSP}?`).click();
    await expectAccessible(page, 'chooser with the guide open');
    await page.getByRole('button', { name: /Aucune de ces situations/ }).click();
    await expect.poll(() => page.locator('#f-type-information').isChecked(), { timeout: 15_000 }).toBe(true);
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.id), { timeout: 15_000 })
      .toBe('f-type-information');
    await page.locator('#f-details-question').waitFor();

    // Errors on grouped questions say which question; the title starts with "Erreur :".
    await page.getByLabel(/^Droit d’opposition/).check();
    await page.getByRole('button', { name: 'Envoyer ma demande' }).click();
    const summary = page.locator('.error-summary');
    await summary.getByText('Cochez au moins un traitement auquel vous vous opposez').waitFor();
    await expect
      .poll(() => page.title(), { timeout: 15_000 })
      .toMatch(new RegExp(`^Erreur${NNBSP}: Faire une demande`));
    await expectAccessible(page, 'objection with errors');

    // "Other" opens a text box; a text too long says which question it is about.
    await page.getByLabel('Autre traitement').check();
    // (past the box's maxlength, as a browser without it would send)
    await page.locator('#f-details-otherPurpose').evaluate((el) => el.removeAttribute('maxlength'));
    await page.locator('#f-details-otherPurpose').fill('x'.repeat(501));
    await page.getByRole('button', { name: 'Envoyer ma demande' }).click();
    await summary.getByText(`Précisez lequel${NNBSP}: Ce texte est trop long`).waitFor();
    await expectAccessible(page, 'objection, other purpose too long');

    // Fixed: the title goes back to normal.
    await page.locator('#f-details-otherPurpose').fill('Le jeu-concours');
    await page.fill('#f-details-grounds', 'Je ne veux pas.');
    await page.fill('#f-fullName', 'Ada Lovelace');
    await page.fill('#f-email', uniqueEmail('chooser'));
    await page.getByRole('button', { name: 'Envoyer ma demande' }).click();
    await waitForHeading(page, 'Vérifiez votre boîte e-mail');
    await expect.poll(() => page.title(), { timeout: 15_000 }).toMatch(/^Vérifiez votre boîte e-mail/);
  });
});

describe('status page', () => {
  it('after an appeal and a reload: the appeal, its reference and "follow my appeal"', async () => {
    const page = await pageAt(1024);
    const { reference } = await onStatusPage(page, { type: 'erasure', details: { scope: 'Mon compte' } });
    await staffActs(reference, {
      action: 'deny',
      reasonCode: 'legal_obligation',
      explanation: 'Factures conservées.',
    });
    await page.reload();
    await page.getByLabel(/Pourquoi contestez-vous/).fill('Je conteste.');
    await page.getByRole('button', { name: 'Envoyer mon recours' }).click();
    await page.getByRole('button', { name: 'Suivre mon recours' }).waitFor();
    const appeal = await ui.portal.t.prisma.request.findFirstOrThrow({
      where: { appealOf: { reference } },
      select: { reference: true },
    });

    await page.reload();
    await waitForHeading(page, 'Suivi de votre demande');
    const section = page.getByRole('region', { name: 'Votre recours' });
    await section.getByText(appeal.reference, { exact: true }).waitFor();
    await section.getByText(/Nous vous répondrons au plus tard le \d+/).waitFor();
    // What was asked is still there, and the timeline says the appeal once.
    await page.getByRole('region', { name: 'Ce que vous avez demandé' }).getByText('Mon compte').waitFor();
    await expectAccessible(page, 'denied request with its appeal, after a reload');

    await section.getByRole('button', { name: 'Suivre mon recours' }).click();
    await expect
      .poll(() => page.locator('.summary .reference').first().textContent(), { timeout: 15_000 })
      .toBe(appeal.reference);
    await page.locator('.summary').getByText(reference, { exact: true }).waitFor();
    await page.reload();
    await expect
      .poll(() => page.locator('.summary .reference').first().textContent(), { timeout: 15_000 })
      .toBe(appeal.reference);
    await expectAccessible(page, 'the appeal followed');
  });

  it('shows what was asked: corrections, purposes with "other", the decision described', async () => {
    const page = await pageAt(1024);
    await onStatusPage(page, {
      type: 'rectification',
      details: { corrections: [{ field: 'Adresse', currentValue: '1 rue A', correctedValue: '2 rue B' }] },
      message: 'Depuis mars.',
    });
    const asked = page.getByRole('region', { name: 'Ce que vous avez demandé' });
    await asked.getByText(`Adresse${NNBSP}: 1 rue A → 2 rue B`).waitFor();
    await asked.getByText('Depuis mars.').waitFor();

    await onStatusPage(page, {
      type: 'consent_withdrawal',
      details: { purposes: ['newsletter', 'other'], otherPurpose: 'Le parrainage' },
    });
    await asked.getByText('Lettre d’information').waitFor();
    await asked.getByText('Le parrainage').waitFor();

    await onStatusPage(page, {
      type: 'automated_decision',
      details: { decision: 'Refus de crédit du 3 mars', humanReviewRequested: true },
    });
    await asked.getByText('Refus de crédit du 3 mars').waitFor();
    await asked.getByText('Oui', { exact: true }).waitFor();
    await expectAccessible(page, 'status page, automated decision asked');
  });
});

describe('on a 390 px phone, with 200-character unbroken names', () => {
  const LONG = 'W'.repeat(200);
  const LONG_EMAIL = `${'l'.repeat(150)}@${'d'.repeat(40)}.example`;

  it('no public page scrolls sideways', async () => {
    const page = await pageAt(390);
    const { baseUrl } = ui.portal;
    // Also the pages reached without a key: a token-less /verify and /status, an unknown address.
    for (const path of [
      '/',
      '/request',
      '/request?type=rectification',
      '/status/lost-link',
      '/verify',
      '/status',
      '/no-such-page',
    ]) {
      await page.goto(`${baseUrl}${path}`);
      await page.locator('h1').waitFor();
      await expectNoSideScroll(page, path);
    }
    // The form with errors and a long name typed.
    await page.goto(`${baseUrl}/request?type=objection`);
    await page.fill('#f-fullName', LONG);
    await page.getByRole('button', { name: 'Envoyer ma demande' }).click();
    await page.locator('.error-summary').waitFor();
    await expectNoSideScroll(page, 'form with errors');
    // The confirmation of a request filed with that name.
    await page.goto(`${baseUrl}/request?type=information`);
    await page.fill('#f-details-question', LONG);
    await page.fill('#f-fullName', LONG);
    await page.fill('#f-email', uniqueEmail('phone'));
    await page.getByRole('button', { name: 'Envoyer ma demande' }).click();
    await waitForHeading(page, 'Vérifiez votre boîte e-mail');
    await expectNoSideScroll(page, 'confirmation');

    // The status page of a request whose words are long and unbroken.
    await onStatusPage(page, { type: 'access', fullName: LONG, details: { scope: LONG } });
    await page.getByRole('region', { name: 'Ce que vous avez demandé' }).getByText(LONG).waitFor();
    await expectNoSideScroll(page, 'status page');
  });

  it('no staff page scrolls sideways; the queue shows due date and assignee on screen', async () => {
    const { t, baseUrl } = ui.portal;
    const user = await createStaffUser(t.prisma, { role: 'admin', name: LONG });
    const seeded = await seedRequest(t, { fullName: LONG, email: LONG_EMAIL, assigneeId: user.id });
    const page = await pageAt(390);
    await page.goto(`${baseUrl}/staff/login`);
    await waitForHeading(page, 'Connexion de l’équipe');
    await expectNoSideScroll(page, '/staff/login');
    await signInStaff(page, baseUrl, user);
    await page.goto(`${baseUrl}/staff?q=${seeded.reference}`);
    await waitForHeading(page, 'Demandes à traiter');
    const row = page.locator('tbody tr', { hasText: seeded.reference });
    await row.waitFor();
    await expectNoSideScroll(page, 'queue');
    // Due date and assignee are in the viewport, and the reference on one line.
    for (const cell of ['td[data-label="Échéance"]', 'td[data-label="Attribuée à"]']) {
      await expect
        .poll(
          async () => {
            const box = await row.locator(cell).boundingBox();
            return box !== null && box.x >= 0 && box.x + box.width <= 390;
          },
          { timeout: 15_000, message: cell },
        )
        .toBe(true);
    }
    await expect
      .poll(
        async () => {
          const box = await row.locator('a.reference').boundingBox();
          const line = await row
            .locator('a.reference')
            .evaluate((el) => parseFloat(getComputedStyle(el).lineHeight));
          return box !== null && box.height <= line * 1.5;
        },
        { timeout: 15_000 },
      )
      .toBe(true);
    await expectAccessible(page, 'queue at 390 px');

    for (const [path, heading] of [
      [`/staff/requests/${seeded.reference}`, `Demande ${seeded.reference}`],
      ['/staff/dashboard', 'Tableau de bord'],
      ['/staff/users', 'Utilisateurs'],
      ['/staff/account', 'Mon compte'],
    ] as const) {
      await page.goto(`${baseUrl}${path}`);
      await waitForHeading(page, heading);
      await expectNoSideScroll(page, path);
    }
  });

  it('the dashboard table fits a 1,280 px window; staff pages line up with the header', async () => {
    const { t, baseUrl } = ui.portal;
    const user = await createStaffUser(t.prisma, { role: 'admin' });
    await seedRequest(t, { type: 'automated_decision' }); // at least one month in the table
    const page = await pageAt(1280, 900);
    await signInStaff(page, baseUrl, user);
    await page.goto(`${baseUrl}/staff/dashboard`);
    await waitForHeading(page, 'Tableau de bord');
    const wrap = page.locator('.table-wrap').first();
    await wrap.waitFor();
    await expect
      .poll(() => wrap.evaluate((el) => el.scrollWidth <= el.clientWidth), { timeout: 15_000 })
      .toBe(true);
    const left = (selector: string) =>
      page
        .locator(selector)
        .first()
        .evaluate((el) => Math.round(el.getBoundingClientRect().left));
    await expect
      .poll(async () => (await left('.site-header .brand')) === (await left('h1')), { timeout: 15_000 })
      .toBe(true);
  });
});

describe('staff pages', () => {
  it('searches by name, sorts by received date, downloads the register from the queue', async () => {
    const { t, baseUrl } = ui.portal;
    const user = await createStaffUser(t.prisma, { role: 'agent' });
    const now = t.clock.now.getTime();
    const older = await seedRequest(t, {
      type: 'portability',
      fullName: 'Zéphyrine Quatrebarbe',
      receivedAt: new Date(now - 5 * 86_400_000),
    });
    const newer = await seedRequest(t, {
      type: 'portability',
      fullName: 'Zéphyrine Quatrebarbe',
      receivedAt: new Date(now - 86_400_000),
    });
    const page = await pageAt(1280, 900);
    await signInStaff(page, baseUrl, user);
    await page.getByLabel('Rechercher').fill('quatreb zéph');
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await page.waitForURL(/[?&]q=/);
    const refs = () => page.locator('tbody tr th a.reference').allTextContents();
    await expect
      .poll(refs, { timeout: 15_000 })
      .toEqual(expect.arrayContaining([older.reference, newer.reference]));
    await expect.poll(async () => (await refs()).length, { timeout: 15_000 }).toBe(2);

    await page.getByLabel('Trier par').selectOption('received');
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await page.waitForURL(/[?&]sort=received/);
    await expect.poll(refs, { timeout: 15_000 }).toEqual([newer.reference, older.reference]);

    const register = page.getByRole('link', { name: 'Télécharger le registre (CSV)' });
    await expect
      .poll(() => register.getAttribute('href'), { timeout: 15_000 })
      .toBe('/api/v1/staff/register.csv');
    const [download] = await Promise.all([page.waitForEvent('download'), register.click()]);
    expect(download.suggestedFilename()).toMatch(/^register-\d{4}-\d{2}-\d{2}\.csv$/);
    await expectAccessible(page, 'queue searched and sorted');
  });

  it('dialog errors sit on their fields; a note does not spoil a drafted denial; extend says why not', async () => {
    const { t, baseUrl } = ui.portal;
    const user = await createStaffUser(t.prisma, { role: 'admin' });
    const { reference } = await seedRequest(t, { status: 'in_progress' });
    const page = await pageAt(1280, 900);
    await signInStaff(page, baseUrl, user);
    await page.goto(`${baseUrl}/staff/requests/${reference}`);
    await waitForHeading(page, `Demande ${reference}`);

    await page.getByRole('button', { name: 'Refuser la demande' }).click();
    const dialog = page.getByRole('dialog', { name: 'Refuser la demande' });
    await dialog.getByRole('button', { name: 'Refuser la demande' }).click();
    for (const id of ['deny-reason', 'deny-explanation']) {
      await expect
        .poll(() => dialog.locator(`#${id}`).getAttribute('aria-invalid'), { timeout: 15_000 })
        .toBe('true');
      await expect
        .poll(() => dialog.locator(`#${id}`).getAttribute('aria-describedby'), { timeout: 15_000 })
        .toContain(`${id}-error`);
      await dialog.locator(`#${id}-error`).waitFor();
    }
    await expectAccessible(page, 'deny dialog with errors');

    // Drafting the denial while a colleague adds an internal note: the denial still goes through.
    await dialog.locator('#deny-reason').selectOption('manifestly_unfounded');
    await dialog.locator('#deny-explanation').fill('Déjà répondu le mois dernier.');
    const note = await act(t, admin.headers, reference, {
      action: 'note',
      expectedVersion: staffRequestDetailSchema.parse((await detail(t, admin.headers, reference)).json())
        .version,
      body: 'Le demandeur a appelé.',
    });
    expect(note.statusCode, note.body).toBe(200);
    await dialog.getByRole('button', { name: 'Refuser la demande' }).click();
    await page.locator('.badge', { hasText: 'Refusée' }).first().waitFor();

    // Overdue: extending is not offered, and the page says why.
    const late = await seedRequest(t, {
      status: 'in_progress',
      verifiedAt: new Date(t.clock.now.getTime() - 40 * 86_400_000),
      dueAt: new Date(t.clock.now.getTime() - 5 * 86_400_000),
    });
    await page.goto(`${baseUrl}/staff/requests/${late.reference}`);
    await waitForHeading(page, `Demande ${late.reference}`);
    await page.getByText(/Le délai ne peut plus être prolongé.*est passée/).waitFor();
    await expect
      .poll(() => page.getByRole('button', { name: 'Prolonger le délai' }).count(), { timeout: 15_000 })
      .toBe(0);
    await expectAccessible(page, 'overdue request');
  });
});
