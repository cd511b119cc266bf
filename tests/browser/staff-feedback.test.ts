import type { StaffRole } from '@dsr/shared/staff';
import { staffRequestDetailSchema } from '@dsr/shared/staff-requests';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { act, detail, fileAndVerify, seedRequest } from '../api/staff-requests.fixtures.ts';
import { createStaffUser, loginAs, type StaffLogin, type TestStaffUser } from '../support/staff.ts';
import { focusedId, usePortal, waitForHeading } from './portal.ts';

// What staff members see when things go wrong or take time: action failures that belong to one
// request and one attempt, in French; focus after a reload, a filter, a dialog; the queue's pager
// and error page; the pending indicator.

const ui = usePortal();
let admin: StaffLogin;

beforeAll(async () => {
  admin = await loginAs(ui.portal.t, 'admin');
});

const staff = (role: StaffRole): Promise<TestStaffUser> => createStaffUser(ui.portal.t.prisma, { role });

async function signIn(page: Page, user: { email: string; password: string }): Promise<void> {
  await page.goto(`${ui.portal.baseUrl}/staff/login`);
  await waitForHeading(page, 'Connexion de l’équipe');
  await page.fill('#login-email', user.email);
  await page.fill('#login-password', user.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await waitForHeading(page, 'Demandes à traiter');
}

async function openRequest(page: Page, reference: string): Promise<void> {
  await page.goto(`${ui.portal.baseUrl}/staff/requests/${reference}`);
  await waitForHeading(page, `Demande ${reference}`);
}

async function version(reference: string): Promise<number> {
  const res = await detail(ui.portal.t, admin.headers, reference);
  return staffRequestDetailSchema.parse(res.json()).version;
}

/** An admin acts over HTTP, as a colleague in another tab would. */
async function colleague(reference: string, payload: Record<string, unknown>): Promise<void> {
  const res = await act(ui.portal.t, admin.headers, reference, {
    expectedVersion: await version(reference),
    ...payload,
  });
  expect(res.statusCode, res.body).toBe(200);
}

/** The text of the focused element (for elements without an id, like buttons and links). */
const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');

const STALE = 'Cette demande a été modifiée par quelqu’un d’autre';

describe('staff feedback', () => {
  async function appealOfDenied(): Promise<{ denied: string; appeal: string }> {
    const { t } = ui.portal;
    const denied = await fileAndVerify(t, { type: 'erasure' });
    await colleague(denied.reference, {
      action: 'deny',
      reasonCode: 'legal_obligation',
      explanation: 'Factures conservées 10 ans.',
    });
    const appealed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/requests/me/appeal',
      headers: { authorization: `Bearer ${denied.accessToken}` },
      payload: { body: 'Je conteste.' },
    });
    expect(appealed.statusCode, appealed.body).toBe(201);
    return { denied: denied.reference, appeal: (appealed.json() as { reference: string }).reference };
  }

  it('after "reload the request" the failure is gone, and focus goes to Actions when the action went with it', async () => {
    const { reference } = await fileAndVerify(ui.portal.t);
    const page = await ui.newPage();
    await signIn(page, await staff('agent'));
    await openRequest(page, reference);
    // A colleague starts it meanwhile: "start" fails with 409; after the reload it is gone.
    await colleague(reference, { action: 'start' });
    await page.getByRole('button', { name: 'Commencer le traitement' }).click();
    await page.getByText(STALE).waitFor();
    await page.getByRole('button', { name: 'Recharger la demande' }).click();
    await page.locator('.summary .badge', { hasText: 'En cours' }).waitFor();
    await expect.poll(() => page.getByText(STALE).count()).toBe(0);
    await expect.poll(() => page.getByRole('button', { name: 'Commencer le traitement' }).count()).toBe(0);
    await expect.poll(() => focusedId(page)).toBe('actions-title');
  });

  it('a failure belongs to its request: not shown on another request opened from the same page', async () => {
    const { denied, appeal } = await appealOfDenied();
    const page = await ui.newPage();
    await signIn(page, await staff('agent'));
    await openRequest(page, appeal);
    // A stale message on the appeal; the denied request it links to (same page, other request) shows no failure.
    await colleague(appeal, { action: 'message', body: 'Vu.' });
    await page.fill('#message-body', 'Mon message en retard.');
    await page.getByRole('button', { name: 'Envoyer le message' }).click();
    await page.getByText(STALE).waitFor();
    await page.getByRole('link', { name: denied }).click();
    await waitForHeading(page, `Demande ${denied}`);
    await page.locator('#note-body').waitFor();
    await expect.poll(() => page.getByText(STALE).count()).toBe(0);
  });

  it('refusals are explained in the interface language, never with the API’s English detail', async () => {
    const { t } = ui.portal;
    const { reference } = await fileAndVerify(t);
    await colleague(reference, { action: 'start' });
    const page = await ui.newPage();
    await signIn(page, await staff('agent'));
    await openRequest(page, reference);
    // A manual task is opened meanwhile (no new version): completing is refused with tasks_open.
    const row = await t.prisma.request.findUniqueOrThrow({ where: { reference }, select: { id: true } });
    await t.prisma.task.create({
      data: { requestId: row.id, system: 'CRM', description: 'Effacer le compte' },
    });
    await page.getByRole('button', { name: 'Clore la demande' }).click();
    const dialog = page.getByRole('dialog', { name: 'Clore la demande' });
    await dialog.getByLabel('Réponse au demandeur').fill('Voici vos données.');
    await dialog.getByRole('button', { name: 'Clore la demande' }).click();
    await dialog.getByText('Des tâches manuelles restent à faire').waitFor();
    await expect.poll(() => dialog.getByText('task(s)').count()).toBe(0);
    // Closing and opening the dialog again starts afresh.
    await dialog.getByRole('button', { name: 'Annuler' }).click();
    await page.getByRole('button', { name: 'Clore la demande' }).click();
    await dialog.getByLabel('Réponse au demandeur').waitFor();
    await expect.poll(() => dialog.getByText('Des tâches manuelles restent à faire').count()).toBe(0);

    // Users admin: an account removed meanwhile.
    const gone = await staff('agent');
    const adminPage = await ui.newPage();
    await signIn(adminPage, await staff('admin'));
    await adminPage.getByRole('link', { name: 'Utilisateurs' }).click();
    await waitForHeading(adminPage, 'Utilisateurs');
    const goneRow = adminPage.locator('table tr', { hasText: gone.name });
    await goneRow.waitFor();
    await t.prisma.staffUser.delete({ where: { id: gone.id } });
    await goneRow.getByRole('button', { name: 'Désactiver' }).click();
    await goneRow.getByText('Ce compte n’existe plus').waitFor();
    await expect.poll(() => goneRow.getByText('No such staff user').count()).toBe(0);
  });

  it('password reset dialog: focus on the field, and a fresh form every time it opens', async () => {
    const target = await staff('agent');
    const page = await ui.newPage();
    await signIn(page, await staff('admin'));
    await page.goto(`${ui.portal.baseUrl}/staff/users`);
    await waitForHeading(page, 'Utilisateurs');
    const row = page.locator('table tr', { hasText: target.name });
    const dialog = page.getByRole('dialog', { name: `Nouveau mot de passe pour ${target.name}` });
    await row.getByRole('button', { name: 'Nouveau mot de passe' }).click();
    await dialog.waitFor();
    await expect.poll(() => focusedId(page)).toBe('reset-password');
    await page.keyboard.type('une autre phrase de passe assez longue');
    await dialog.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    await dialog.getByText(`Le mot de passe de ${target.name} a été changé.`).waitFor();
    await dialog.getByRole('button', { name: 'Fermer' }).click();

    await row.getByRole('button', { name: 'Nouveau mot de passe' }).click();
    await dialog.getByLabel('Nouveau mot de passe').waitFor();
    await expect.poll(() => focusedId(page)).toBe('reset-password');
    await expect.poll(() => dialog.getByText('a été changé').count()).toBe(0);
    await page.keyboard.press('Escape');

    // The admin sets the account's language to English: the account's workspace opens in English.
    await row.getByLabel(`Langue des e-mails de ${target.name}`).selectOption('en');
    await row.getByRole('button', { name: 'Changer la langue' }).click();
    await expect
      .poll(
        async () =>
          (await ui.portal.t.prisma.staffUser.findUniqueOrThrow({ where: { id: target.id } })).locale,
        { timeout: 15_000 },
      )
      .toBe('en');
    const own = await ui.newPage();
    await own.goto(`${ui.portal.baseUrl}/staff/login`);
    await waitForHeading(own, 'Connexion de l’équipe');
    await own.fill('#login-email', target.email);
    await own.fill('#login-password', 'une autre phrase de passe assez longue');
    await own.getByRole('button', { name: 'Se connecter' }).click();
    await waitForHeading(own, 'Requests to handle');
    await expect
      .poll(() => own.evaluate(() => document.documentElement.lang), { timeout: 15_000 })
      .toBe('en');
    // The switch still works and is remembered over a reload.
    await own.getByRole('button', { name: 'Français' }).click();
    await waitForHeading(own, 'Demandes à traiter');
    await own.reload();
    await waitForHeading(own, 'Demandes à traiter');
    // "My account": the member sets their own language; the page follows at once.
    await own.getByRole('link', { name: 'Mon compte' }).click();
    await waitForHeading(own, 'Mon compte');
    await own.getByLabel('Langue de mon compte').selectOption('fr');
    await own.getByRole('button', { name: 'Enregistrer la langue' }).click();
    await own.getByText('Langue enregistrée\u202f: Français.').waitFor({ timeout: 15_000 });
    await expect
      .poll(
        async () =>
          (await ui.portal.t.prisma.staffUser.findUniqueOrThrow({ where: { id: target.id } })).locale,
        { timeout: 15_000 },
      )
      .toBe('fr');
    await own.getByLabel('Langue de mon compte').selectOption('en');
    await own.getByRole('button', { name: 'Enregistrer la langue' }).click();
    await own.getByText('Language saved: English.').waitFor({ timeout: 15_000 });
    await waitForHeading(own, 'My account');
  });

  it('queue filters keep focus and announce the count; clearing them too', async () => {
    const { reference } = await fileAndVerify(ui.portal.t);
    const page = await ui.newPage();
    await signIn(page, await staff('agent'));
    await page.fill('#q-search', reference);
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await page.waitForURL(/[?&]q=/);
    await expect.poll(() => page.locator('table tbody tr').count()).toBe(1);
    await expect.poll(() => focusedText(page)).toBe('Filtrer');
    await page.getByRole('status').getByText('1 demande affichée').waitFor();

    await page.getByRole('search').getByRole('link', { name: 'Effacer les filtres' }).click();
    await page.waitForURL((url) => url.search === '');
    await expect.poll(() => page.inputValue('#q-search')).toBe('');
    await expect.poll(() => focusedText(page)).toBe('Effacer les filtres');
  });

  it('pager: "previous" from a bookmarked page 2 stays in the app; a bad cursor shows an error inside the staff pages', async () => {
    const { t, baseUrl } = ui.portal;
    const email = `pager.${Date.now()}@example.test`;
    for (let i = 0; i < 26; i++) await seedRequest(t, { email });
    const page = await ui.newPage();
    await signIn(page, await staff('agent'));
    await page.goto(`${baseUrl}/staff?q=${encodeURIComponent(email)}`);
    await waitForHeading(page, 'Demandes à traiter');
    const next = page.getByRole('link', { name: 'Page suivante' });
    const pageTwo = new URL((await next.getAttribute('href'))!, baseUrl).toString();

    // Page 2 opened from a bookmark: no history inside the app.
    const bookmark = await ui.newPage();
    await signIn(bookmark, await staff('agent'));
    await bookmark.goto(pageTwo);
    await waitForHeading(bookmark, 'Demandes à traiter');
    await expect.poll(() => bookmark.locator('table tbody tr').count()).toBe(1);
    await bookmark.getByText('Page précédente').click();
    await bookmark.waitForURL((url) => !url.searchParams.has('cursor'));
    await waitForHeading(bookmark, 'Demandes à traiter');
    expect(new URL(bookmark.url()).searchParams.get('q')).toBe(email);
    await expect.poll(() => bookmark.locator('table tbody tr').count()).toBe(25);

    // A cursor the API does not know: the error page keeps the staff navigation and leads back to the queue.
    await bookmark.goto(`${baseUrl}/staff?cursor=garbage&q=x`);
    await waitForHeading(bookmark, 'Une erreur est survenue');
    await bookmark.getByRole('navigation', { name: 'Navigation de l’espace équipe' }).waitFor();
    const back = bookmark.getByRole('link', { name: 'Retour à la liste des demandes' });
    await expect.poll(() => back.getAttribute('href')).toBe('/staff');
    await back.click();
    await bookmark.waitForURL((url) => url.pathname === '/staff' && url.search === '');
    await waitForHeading(bookmark, 'Demandes à traiter');
  });

  it('a slow page shows that it is loading', async () => {
    const page = await ui.newPage();
    await signIn(page, await staff('agent'));
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route('**/api/v1/staff/dashboard', async (route) => {
      await held;
      await route.continue();
    });
    await page.getByRole('link', { name: 'Tableau de bord' }).click();
    await page.locator('main[aria-busy="true"]').waitFor();
    await page.getByText('Chargement…').first().waitFor();
    release();
    await waitForHeading(page, 'Tableau de bord');
    await page.locator('main:not([aria-busy])').waitFor();
  });
});
