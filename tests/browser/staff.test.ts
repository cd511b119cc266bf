import { extendDueAt } from '@dsr/shared/deadline';
import type { StaffRole } from '@dsr/shared/staff';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { checkA11y, formatViolations } from '../support/browser.ts';
import { createStaffUser, randomIp, type TestStaffUser } from '../support/staff.ts';
import { tabTo, uniqueEmail, usePortal, verificationMail, waitForHeading } from './portal.ts';

// The staff workspace in a real browser against the real portal: sign-in, queue, request detail
// and its actions (dialogs included), dashboard, user admin; the subject's side of a denial and
// its appeal; keyboard use and axe on every staff page (my account included).

const ui = usePortal();

const parisDate = (date: Date) =>
  new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'long' }).format(date);

async function staff(role: StaffRole): Promise<TestStaffUser> {
  return createStaffUser(ui.portal.t.prisma, { role });
}

async function signIn(page: Page, user: { email: string; password: string }): Promise<void> {
  await page.goto(`${ui.portal.baseUrl}/staff/login`);
  await waitForHeading(page, 'Connexion de l’équipe');
  await page.fill('#login-email', user.email);
  await page.fill('#login-password', user.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await waitForHeading(page, 'Demandes à traiter');
}

/** Files a request over HTTP; returns its still unused verification link and reference. */
async function fileRequest(type = 'access', details: Record<string, unknown> = {}) {
  const email = uniqueEmail(`staff-${type}`);
  const res = await ui.portal.t.app.inject({
    method: 'POST',
    url: '/api/v1/requests',
    remoteAddress: randomIp(),
    payload: { type, email, fullName: 'Camille Martin', locale: 'fr', details },
  });
  expect(res.statusCode).toBe(202);
  return { email, ...(await verificationMail(ui.portal.t, email)) };
}

/** Files and verifies a request over HTTP: it is in the queue, "to handle". */
async function verifiedRequest(type = 'access', details: Record<string, unknown> = {}) {
  const filed = await fileRequest(type, details);
  const token = filed.link.split('#token=')[1];
  const res = await ui.portal.t.app.inject({
    method: 'POST',
    url: '/api/v1/verifications',
    remoteAddress: randomIp(),
    payload: { token },
  });
  expect(res.statusCode).toBe(200);
  return filed;
}

async function openRequest(page: Page, reference: string): Promise<void> {
  await page.goto(`${ui.portal.baseUrl}/staff/requests/${reference}`);
  await waitForHeading(page, `Demande ${reference}`);
}

// Landmark rules are axe "best-practice" rules, not tagged WCAG, so checkA11y (WCAG tags only)
// never ran them: a named table wrapper (a region) inside a section of the same name went unseen.
const LANDMARK_RULES = [
  'landmark-unique',
  'landmark-one-main',
  'landmark-no-duplicate-main',
  'landmark-main-is-top-level',
  'landmark-no-duplicate-banner',
  'landmark-no-duplicate-contentinfo',
];

async function landmarkViolations(page: Page): Promise<string[]> {
  return page.evaluate(async (rules) => {
    const axe = (window as unknown as { axe: typeof import('axe-core') }).axe;
    const results = await axe.run(document, {
      runOnly: { type: 'rule', values: rules },
      resultTypes: ['violations'],
    });
    return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(' | ')}`);
  }, LANDMARK_RULES);
}

async function expectNoA11yViolations(page: Page, what: string): Promise<void> {
  const violations = await checkA11y(page); // also loads axe for landmarkViolations
  expect(violations, `${what}\n${formatViolations(violations)}`).toEqual([]);
  expect(await landmarkViolations(page), what).toEqual([]);
}

/** Runs fulfil from the panel and waits until the draft package is ready. */
async function fulfilAndWait(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Exécuter la demande' }).click();
  await page
    .getByRole('region', { name: 'Dossier à remettre (brouillon)' })
    .getByText('Prêt', { exact: true })
    .waitFor({ timeout: 30_000 });
}

describe('staff workspace', () => {
  it('headline journey: subject files and verifies; an agent finds, starts, messages and completes; the subject sees the outcome', async () => {
    const { t, baseUrl } = ui.portal;
    const subject = await ui.newPage();
    const email = uniqueEmail('headline');
    await subject.goto(`${baseUrl}/request?type=access`);
    await waitForHeading(subject, 'Faire une demande');
    await subject.fill('#f-details-scope', 'Mes commandes');
    await subject.fill('#f-fullName', 'Camille Martin');
    await subject.fill('#f-email', email);
    await subject.getByRole('button', { name: 'Envoyer ma demande' }).click();
    await waitForHeading(subject, 'Vérifiez votre boîte e-mail');
    const { link, reference } = await verificationMail(t, email);
    await subject.goto(link);
    await waitForHeading(subject, 'Suivi de votre demande');

    const agent = await ui.newPage();
    await signIn(agent, await staff('agent'));
    await agent.fill('#q-search', reference);
    await agent.getByRole('button', { name: 'Filtrer' }).click();
    await agent.waitForURL(/[?&]q=/);
    const rows = agent.locator('table tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    await agent.getByRole('link', { name: reference }).click();
    await waitForHeading(agent, `Demande ${reference}`);
    await agent.getByText('Mes commandes').waitFor();
    await agent.getByText(email).first().waitFor();

    await agent.getByRole('button', { name: 'Commencer le traitement' }).click();
    await agent.locator('.summary .badge', { hasText: 'En cours' }).waitFor();
    await agent.fill('#message-body', 'Nous préparons votre export.');
    await agent.getByRole('button', { name: 'Envoyer le message' }).click();
    await agent.locator('.message', { hasText: 'Nous préparons votre export.' }).waitFor();

    // An access request is completed once its package is built (no customer record here: the
    // package holds the report alone).
    await fulfilAndWait(agent);
    await agent.getByRole('button', { name: 'Clore la demande' }).click();
    const dialog = agent.getByRole('dialog', { name: 'Clore la demande' });
    await dialog.waitFor();
    await dialog.getByLabel('Réponse au demandeur').fill('Voici vos données : aucune commande enregistrée.');
    await dialog.getByRole('button', { name: 'Clore la demande' }).click();
    await agent.locator('.summary .badge', { hasText: 'Traitée' }).waitFor();
    await agent.getByText('Clore la demande : c’est enregistré.').waitFor();
    // The audit trail names the agent and the change of status.
    await agent.locator('table tr', { hasText: 'En cours → Traitée' }).waitFor();
    await expect.poll(() => agent.getByRole('button', { name: 'Clore la demande' }).count()).toBe(0);

    await subject.reload();
    await waitForHeading(subject, 'Suivi de votre demande');
    await subject.locator('.badge', { hasText: 'Traitée' }).waitFor();
    await subject.getByText('Voici vos données : aucune commande enregistrée.').waitFor();
    await subject.getByText('Nous préparons votre export.').waitFor();
  });

  it('deny and appeal: the subject appeals from the status page; another admin decides, the denier cannot', async () => {
    const { t } = ui.portal;
    const { link, reference } = await fileRequest('erasure', { scope: 'Tout' });
    const subject = await ui.newPage();
    await subject.goto(link);
    await waitForHeading(subject, 'Suivi de votre demande');

    const denierUser = await staff('admin');
    const denier = await ui.newPage();
    await signIn(denier, denierUser);
    await openRequest(denier, reference);
    await denier.getByRole('button', { name: 'Refuser la demande' }).click();
    const dialog = denier.getByRole('dialog', { name: 'Refuser la demande' });
    await dialog.getByText('former un recours dans les 60 jours').waitFor();
    await dialog.getByRole('button', { name: 'Refuser la demande' }).click();
    await dialog.getByText('Complétez les champs obligatoires.').waitFor();
    await dialog.getByLabel('Motif du refus').selectOption('legal_obligation');
    await dialog.getByLabel('Explication au demandeur').fill('Nous devons garder vos factures 10 ans.');
    await dialog.getByRole('button', { name: 'Refuser la demande' }).click();
    await denier.locator('.summary .badge', { hasText: 'Refusée' }).waitFor();

    await subject.reload();
    await subject.locator('.badge', { hasText: 'Refusée' }).waitFor();
    await subject.getByRole('heading', { name: 'Contester cette décision' }).waitFor();
    await subject.getByText(/Recours possible jusqu’au/).waitFor();
    await subject
      .getByLabel('Pourquoi contestez-vous cette décision ?')
      .fill('Je n’ai plus de factures en cours.');
    await subject.getByRole('button', { name: 'Envoyer mon recours' }).click();
    const filed = subject.getByText(/Votre recours est enregistré sous la référence DSR-\d{4}-\d+/);
    await filed.waitFor();
    const appealRef = /DSR-\d{4}-\d+/.exec((await filed.textContent()) ?? '')![0];
    expect(appealRef).not.toBe(reference);
    // The appeal form goes away once the page has reloaded the request (the notice shows first).
    await subject.getByRole('heading', { name: 'Contester cette décision' }).waitFor({ state: 'detached' });
    const row = await t.prisma.request.findFirstOrThrow({ where: { reference: appealRef } });
    expect(row.status).toBe('verified');

    // The denier sees the appeal but no decision on it.
    await openRequest(denier, appealRef);
    await denier.getByText('un administrateur autre que celui qui a refusé').waitFor();
    await expect.poll(() => denier.getByRole('button', { name: 'Refuser la demande' }).count()).toBe(0);
    await expect.poll(() => denier.getByRole('button', { name: 'Clore la demande' }).count()).toBe(0);

    const reviewer = await ui.newPage();
    await signIn(reviewer, await staff('admin'));
    await openRequest(reviewer, appealRef);
    await reviewer.getByRole('link', { name: reference }).waitFor();
    await reviewer.getByRole('button', { name: 'Commencer le traitement' }).click();
    await reviewer.locator('.summary .badge', { hasText: 'En cours' }).waitFor();
    // Upholding an erasure appeal means erasing: the sources run before the request can close.
    await reviewer.getByRole('button', { name: 'Exécuter la demande' }).click();
    await reviewer
      .getByRole('table', { name: 'customers\u202f: ce que l’effacement a fait' })
      .waitFor({ timeout: 30_000 });
    await reviewer.getByRole('button', { name: 'Clore la demande' }).click();
    const complete = reviewer.getByRole('dialog', { name: 'Clore la demande' });
    await complete.getByLabel('Réponse au demandeur').fill('Recours accepté : vos données seront effacées.');
    await complete.getByRole('button', { name: 'Clore la demande' }).click();
    await reviewer.locator('.summary .badge', { hasText: 'Traitée' }).waitFor();

    // The subject follows the appeal with the token it came with.
    await subject.getByRole('button', { name: 'Suivre mon recours' }).click();
    await subject.locator('.reference', { hasText: appealRef }).waitFor();
    await subject.getByText('Recours accepté : vos données seront effacées.').waitFor();
  });

  it('extends the deadline through the dialog, which shows the new due date', async () => {
    const { t } = ui.portal;
    const { reference } = await verifiedRequest('information', { question: 'Quelles données ?' });
    const row = await t.prisma.request.findFirstOrThrow({ where: { reference } });
    const oneMonth = parisDate(extendDueAt(row.dueAt!, 1, 'Europe/Paris', row.verifiedAt!));
    const twoMonths = parisDate(extendDueAt(row.dueAt!, 2, 'Europe/Paris', row.verifiedAt!));

    const page = await ui.newPage();
    await signIn(page, await staff('agent'));
    await openRequest(page, reference);
    await page.getByRole('button', { name: 'Prolonger le délai' }).click();
    const dialog = page.getByRole('dialog', { name: 'Prolonger le délai de réponse' });
    await dialog.getByText(`Nouvelle échéance : ${twoMonths}`).waitFor();
    await dialog.getByLabel(`1 mois (jusqu’au ${oneMonth})`).check();
    await dialog.getByText(`Nouvelle échéance : ${oneMonth}`).waitFor();
    await dialog.getByLabel('Motif de la prolongation').fill('Plusieurs services à consulter.');
    await dialog.getByRole('button', { name: 'Prolonger', exact: true }).click();
    await page.getByText('Prolonger le délai : c’est enregistré.').waitFor();
    await page.locator('.summary time', { hasText: oneMonth }).waitFor();
    await page.getByText(/1 mois de plus/).waitFor();
    // One extension only: the action is gone.
    await expect.poll(() => page.getByRole('button', { name: 'Prolonger le délai' }).count()).toBe(0);

    // Someone else writes to the requester meanwhile: this page's version is stale, the API
    // answers 409 to this page's message, nothing is lost. A note, though, conflicts with nothing.
    const other = await ui.newPage();
    await signIn(other, await staff('agent'));
    await openRequest(other, reference);
    await other.fill('#message-body', 'Nous avons vos éléments.');
    await other.getByRole('button', { name: 'Envoyer le message' }).click();
    await other.locator('.message', { hasText: 'Nous avons vos éléments.' }).waitFor();
    await page.fill('#note-body', 'Ma note après la leur.');
    await page.getByRole('button', { name: 'Ajouter la note' }).click();
    await page.locator('.message--note', { hasText: 'Ma note après la leur.' }).waitFor();
    await other.fill('#message-body', 'Un second message.');
    await other.getByRole('button', { name: 'Envoyer le message' }).click();
    await other.locator('.message', { hasText: 'Un second message.' }).waitFor();
    await page.fill('#message-body', 'Mon message en retard.');
    await page.getByRole('button', { name: 'Envoyer le message' }).click();
    await page.getByText('Cette demande a été modifiée par quelqu’un d’autre').waitFor();
    await page.getByRole('button', { name: 'Recharger la demande' }).click();
    await page.locator('.message', { hasText: 'Un second message.' }).waitFor();
    await expect.poll(() => page.locator('.message', { hasText: 'Mon message en retard.' }).count()).toBe(0);
  });

  it('asks the requester for details through its dialog; the request waits for them and the question is mailed', async () => {
    const { t } = ui.portal;
    const page = await ui.newPage();
    await signIn(page, await staff('agent'));

    const asked = await verifiedRequest('information', { question: 'Quelles données ?' });
    await openRequest(page, asked.reference);
    await page.getByRole('button', { name: 'Commencer le traitement' }).click();
    await page.locator('.summary .badge', { hasText: 'En cours' }).waitFor();
    await page.getByRole('button', { name: 'Demander des précisions' }).click();
    const info = page.getByRole('dialog', { name: 'Demander des précisions' });
    await info.getByText('la demande passe « en attente du demandeur »').waitFor();
    await info.getByLabel('Votre question au demandeur').fill('Quel est votre numéro de client ?');
    await info.getByRole('button', { name: 'Envoyer la question' }).click();
    await page.getByText('Demander des précisions : c’est enregistré.').waitFor();
    await page.locator('.summary .badge', { hasText: 'En attente du demandeur' }).waitFor();
    await t.smtp.waitFor(
      (all) =>
        all.some((m) => m.to.includes(asked.email) && m.text.includes('Quel est votre numéro de client ?')),
      15_000,
    );
  });

  it('auditors see no action; agents get a 403 page on users; a lost session goes back to login', async () => {
    const { t, baseUrl } = ui.portal;
    const { reference } = await verifiedRequest();
    const auditor = await ui.newPage();
    await signIn(auditor, await staff('auditor'));
    await openRequest(auditor, reference);
    const actions = auditor.getByRole('region', { name: 'Actions' });
    await actions.getByText('En tant qu’auditeur').waitFor();
    await expect.poll(() => actions.getByRole('button').count()).toBe(0);
    await expect.poll(() => auditor.locator('main form').count()).toBe(0);
    await expect.poll(() => auditor.getByRole('link', { name: 'Utilisateurs' }).count()).toBe(0);

    const agentUser = await staff('agent');
    const agent = await ui.newPage();
    await signIn(agent, agentUser);
    await agent.goto(`${baseUrl}/staff/users`);
    await waitForHeading(agent, 'Accès réservé');

    // Idle/absolute timeout or revocation on the server: the next navigation lands on the login page.
    await t.prisma.staffSession.deleteMany({ where: { userId: agentUser.id } });
    await agent.getByRole('link', { name: 'Tableau de bord' }).click();
    await waitForHeading(agent, 'Connexion de l’équipe');
    await agent.getByText('Votre session a expiré').waitFor();
    expect(new URL(agent.url()).searchParams.get('next')).toBe('/staff/dashboard');
    await agent.fill('#login-email', agentUser.email);
    await agent.fill('#login-password', agentUser.password);
    await agent.getByRole('button', { name: 'Se connecter' }).click();
    await waitForHeading(agent, 'Tableau de bord');

    // Unauthenticated access to a staff page goes to login, and back after signing in.
    const stranger = await ui.newPage();
    await stranger.goto(`${baseUrl}/staff/requests/${reference}`);
    await waitForHeading(stranger, 'Connexion de l’équipe');
    await stranger.fill('#login-email', agentUser.email);
    await stranger.fill('#login-password', 'not the password at all');
    await stranger.getByRole('button', { name: 'Se connecter' }).click();
    await stranger.getByRole('alert').getByText('Adresse e-mail ou mot de passe incorrect.').waitFor();
  });

  it('users admin creates an agent who can then sign in', async () => {
    const admin = await ui.newPage();
    await signIn(admin, await staff('admin'));
    await admin.getByRole('link', { name: 'Utilisateurs' }).click();
    await waitForHeading(admin, 'Utilisateurs');
    const email = `new.agent.${Date.now()}@staff.test`;
    const form = admin.getByRole('region', { name: 'Créer un compte' });
    await form.getByLabel('Adresse e-mail').fill(email);
    await form.getByLabel('Nom').fill('Nouvel Agent');
    await form.getByLabel('Rôle').selectOption('agent');
    await form.getByLabel('Mot de passe').fill('trop court');
    await form.getByRole('button', { name: 'Créer le compte' }).click();
    await form.getByText('Le mot de passe doit compter de 12 à 128 caractères').waitFor();
    await form.getByLabel('Mot de passe').fill('une phrase de passe assez longue');
    await form.getByRole('button', { name: 'Créer le compte' }).click();
    await admin.getByText(`Le compte ${email} a été créé.`).waitFor();
    await admin.locator('table tr', { hasText: 'Nouvel Agent' }).waitFor();

    const agent = await ui.newPage();
    await signIn(agent, { email, password: 'une phrase de passe assez longue' });
    await agent.getByText('Connecté(e) : Nouvel Agent').waitFor();
  });

  it('keyboard only: sign in and open a request from the queue', async () => {
    const { baseUrl } = ui.portal;
    const { reference } = await verifiedRequest();
    const user = await staff('agent');
    const page = await ui.newPage();
    await page.goto(`${baseUrl}/staff/login?next=${encodeURIComponent(`/staff?q=${reference}`)}`);
    await waitForHeading(page, 'Connexion de l’équipe');
    await tabTo(page, '#login-email');
    await page.keyboard.type(user.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(user.password);
    await page.keyboard.press('Enter');
    await waitForHeading(page, 'Demandes à traiter');
    await tabTo(page, `a[href="/staff/requests/${reference}"]`);
    await page.keyboard.press('Enter');
    await waitForHeading(page, `Demande ${reference}`);
  });

  it('axe: no violations on login, queue (items and empty), detail (with and without a dialog open), dashboard, my account, users', async () => {
    const { baseUrl } = ui.portal;
    const { reference } = await verifiedRequest('rectification', {
      corrections: [{ field: 'Adresse', currentValue: '1 rue A', correctedValue: '2 rue B' }],
    });
    const page = await ui.newPage();
    await page.goto(`${baseUrl}/staff/login`);
    await waitForHeading(page, 'Connexion de l’équipe');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('alert').waitFor();
    await expectNoA11yViolations(page, 'login with errors');

    await page.fill('#login-email', (await staff('admin')).email);
    await page.fill('#login-password', 'correct horse battery staple');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await waitForHeading(page, 'Demandes à traiter');
    await page.locator('table tbody tr').first().waitFor();
    await expectNoA11yViolations(page, 'queue with items');

    await page.goto(`${baseUrl}/staff?q=nobody%40example.org`);
    await page.getByText('Aucune demande ne correspond à ces filtres.').waitFor();
    await expectNoA11yViolations(page, 'queue, empty');

    await openRequest(page, reference);
    await page.locator('table', { hasText: '2 rue B' }).waitFor();
    // Without a dialog too: a modal dialog makes the rest of the page inert, which axe then skips.
    await expectNoA11yViolations(page, 'detail');
    await page.getByRole('button', { name: 'Refuser la demande' }).click();
    await page.getByRole('dialog', { name: 'Refuser la demande' }).waitFor();
    await expectNoA11yViolations(page, 'detail with the deny dialog open');
    await page.keyboard.press('Escape');

    await page.getByRole('link', { name: 'Tableau de bord' }).click();
    await waitForHeading(page, 'Tableau de bord');
    await expectNoA11yViolations(page, 'dashboard');

    await page.goto(`${baseUrl}/staff/account`);
    await waitForHeading(page, 'Mon compte');
    await page.getByLabel('Langue de mon compte').waitFor({ timeout: 15_000 });
    await expectNoA11yViolations(page, 'my account');

    await page.getByRole('link', { name: 'Utilisateurs' }).click();
    await waitForHeading(page, 'Utilisateurs');
    await expectNoA11yViolations(page, 'users');

    // English switch: the staff catalogue follows the language.
    await page.getByRole('button', { name: 'English' }).click();
    await waitForHeading(page, 'Users');
    await page.getByRole('link', { name: 'Requests to handle' }).click();
    await waitForHeading(page, 'Requests to handle');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await waitForHeading(page, 'Staff sign-in');
    await page.goto(`${baseUrl}/staff`);
    await waitForHeading(page, 'Staff sign-in');
  });
});
