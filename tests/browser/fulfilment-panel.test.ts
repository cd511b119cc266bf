import { randomBytes } from 'node:crypto';
import { ISOLECTRA_CONTROLLER } from '@dsr/shared/controller';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DataMap, dataMapSchema } from '../../api/src/modules/fulfilment/datamap.schema.ts';
import { defaultDataMap } from '../../api/src/modules/fulfilment/datamap.ts';
import { DEMO_SUBJECT, LOOK_ALIKES, seedDemoCustomers } from '../../scripts/demo-customers.ts';
import { checkA11y, formatViolations } from '../support/browser.ts';
import { createStaffUser, randomIp } from '../support/staff.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';
import { unzip } from '../support/zip.ts';
import {
  openStaffRequest,
  signInStaff,
  tabToButton,
  uniqueEmail,
  usePortal,
  verificationMail,
} from './portal.ts';

// The staff fulfilment panel in a real browser against the real portal. Sources: the built-in
// customer area (seeded with the demo customers), a webhook "crm" for access (a real HTTP server
// on 127.0.0.1, answering 503 for the addresses in `failing`, one attempt before "failed") and a
// manual "archives" for portability. Look-alikes, identifiers, tasks with a file, a failed source
// and its retry, completing too early, keyboard use, axe and a phone-sized screen.

let receiver: WebhookReceiver;
const failing = new Set<string>();

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  receiver.answer = (call) => {
    const { subject } = JSON.parse(call.raw) as { subject: { email: string } };
    if (failing.has(subject.email)) return { status: 503 };
    return { status: 200, body: { data: { contacts: [{ email: subject.email, segment: 'pro' }] } } };
  };
});
// Registered before usePortal's: runs after the portal has closed.
afterAll(async () => {
  await receiver?.stop();
});

function panelDataMap(crmUrl: string): DataMap {
  const extra = dataMapSchema.parse({
    sources: [
      {
        name: 'crm',
        kind: 'webhook',
        url: crmUrl,
        secret: `whsec_${randomBytes(16).toString('hex')}`,
        types: ['access'],
        timeoutSeconds: 5,
      },
      {
        name: 'archives',
        kind: 'manual',
        instructions: {
          fr: 'Exporter la fiche du demandeur depuis le logiciel d’archives',
          en: 'Export the subject’s record from the archive software',
        },
        types: ['portability'],
      },
    ],
  });
  const builtin = defaultDataMap(ISOLECTRA_CONTROLLER);
  return { ...builtin, sources: [...builtin.sources, ...extra.sources] };
}

const ui = usePortal(() => ({
  dataMap: panelDataMap(receiver.url),
  webhookPolicy: { retryLimit: 0, retryDelay: 1, retryBackoff: false },
}));

beforeAll(async () => {
  await seedDemoCustomers(ui.portal.t.prisma);
});

const DETAILS = { access: { scope: 'Tout' }, portability: { format: 'json' } } as const;

/** Files and verifies a request over HTTP: it waits in the queue, "to handle". */
async function verifiedRequest(type: 'access' | 'portability', email = uniqueEmail(`panel-${type}`)) {
  const { t } = ui.portal;
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/requests',
    remoteAddress: randomIp(),
    payload: { type, email, fullName: 'Camille Martin', locale: 'fr', details: DETAILS[type] },
  });
  expect(res.statusCode, res.body).toBe(202);
  const { link, reference } = await verificationMail(t, email);
  const verified = await t.app.inject({
    method: 'POST',
    url: '/api/v1/verifications',
    remoteAddress: randomIp(),
    payload: { token: link.split('#token=')[1] },
  });
  expect(verified.statusCode).toBe(200);
  return { email, reference };
}

/** An agent's page on the request, started: the panel is there and the matches are counted. */
async function startedByAgent(reference: string): Promise<Page> {
  const { t, baseUrl } = ui.portal;
  const page = await ui.newPage();
  await signInStaff(page, baseUrl, await createStaffUser(t.prisma, { role: 'agent' }));
  await openStaffRequest(page, baseUrl, reference);
  await page.getByRole('button', { name: 'Commencer le traitement' }).click();
  await page.locator('.summary .badge', { hasText: 'En cours' }).waitFor();
  // Counted in the background after start; the page reloads until every source has its count.
  await panelOf(page).getByText('Correspondances pas encore comptées').first().waitFor({ state: 'detached' });
  return page;
}

const panelOf = (page: Page) => page.getByRole('region', { name: 'Exécution' });
const sourceTile = (page: Page, name: string) =>
  panelOf(page)
    .getByRole('listitem')
    .filter({ has: page.getByRole('heading', { level: 4, name, exact: true }) });

describe('fulfilment panel', () => {
  it('warns about several matches; linking an identifier counts again', async () => {
    const [lower] = LOOK_ALIKES.caseOnly;
    const { reference } = await verifiedRequest('access', lower);
    const page = await startedByAgent(reference);
    const customers = sourceTile(page, 'customers');
    const warning = customers.locator('.notice--warning', {
      hasText:
        'Plusieurs enregistrements correspondent (2) : vérifiez avant d’exécuter. Ils ne sont jamais fusionnés.',
    });
    await warning.waitFor();
    await expect.poll(() => customers.getByText(/\(trouvé par .+\)$/).count()).toBe(2);

    // Someone known by another address: none by the request's, one once that address is linked.
    const other = await verifiedRequest('access');
    await openStaffRequest(page, ui.portal.baseUrl, other.reference);
    await page.getByRole('button', { name: 'Commencer le traitement' }).click();
    await sourceTile(page, 'customers').getByText('Aucun enregistrement trouvé', { exact: true }).waitFor();
    const identifiers = panelOf(page).getByRole('region', { name: 'Identifiants liés' });
    await identifiers.getByLabel('Type d’identifiant').selectOption({ label: 'Adresse e-mail' });
    await identifiers.getByLabel('Valeur').fill(DEMO_SUBJECT);
    await identifiers.getByRole('button', { name: 'Ajouter l’identifiant' }).click();
    await identifiers.getByText(`Adresse e-mail — ${DEMO_SUBJECT}`).waitFor();
    // Linking re-runs the match in the background; the panel shows it on its next refresh.
    await sourceTile(page, 'customers')
      .getByText('1 enregistrement trouvé', { exact: true })
      .waitFor({ timeout: 30_000 });
  });

  it('completing before the package is ready says so in words', async () => {
    const { reference } = await verifiedRequest('access');
    const page = await startedByAgent(reference);
    await page.getByRole('button', { name: 'Clore la demande' }).click();
    const dialog = page.getByRole('dialog', { name: 'Clore la demande' });
    await dialog.getByLabel('Réponse au demandeur').fill('Voici vos données.');
    await dialog.getByRole('button', { name: 'Clore la demande' }).click();
    await dialog
      .getByRole('alert')
      .getByText(
        'Le dossier n’est pas encore prêt : exécutez la demande et attendez que toutes les sources soient terminées avant de la clore.',
      )
      .waitFor();
    await dialog.getByRole('button', { name: 'Annuler' }).click();
    await page.locator('.summary .badge', { hasText: 'En cours' }).waitFor();
  });

  it('a failed webhook source shows why; Retry runs it again once the receiver is back', async () => {
    const { email, reference } = await verifiedRequest('access');
    failing.add(email);
    const page = await startedByAgent(reference);
    await page.getByRole('button', { name: 'Exécuter la demande' }).click();
    const crm = sourceTile(page, 'crm');
    await crm.getByText('Échec', { exact: true }).waitFor();
    // A 503 is the system being down, not refusing: it says the source will be asked again.
    await crm
      .getByText('La source est momentanément indisponible\u202f; elle sera sollicitée de nouveau.', {
        exact: true,
      })
      .waitFor();
    await panelOf(page)
      .getByRole('status')
      .filter({ hasText: 'Exécution arrêtée : 1 source(s) en échec.' })
      .waitFor();

    failing.delete(email);
    await crm.getByRole('button', { name: 'Réessayer « crm »' }).click();
    await crm.getByText('Terminée', { exact: true }).waitFor();
    await crm.getByText(/^contacts .*: 1 ligne$/).waitFor();
    await expect.poll(() => crm.getByRole('button').count()).toBe(0);
    await panelOf(page)
      .getByRole('status')
      .filter({ hasText: 'Exécution terminée : 2 source(s) sur 2.' })
      .waitFor();
    await panelOf(page).getByText('Prêt', { exact: true }).waitFor();
  });

  it('a manual task is closed with a note and a file, which goes into the package; axe, 375 px', async () => {
    const { reference } = await verifiedRequest('portability', DEMO_SUBJECT);
    const page = await startedByAgent(reference);
    await page.getByRole('button', { name: 'Exécuter la demande' }).click();
    const tasks = panelOf(page).getByRole('region', { name: 'Tâches manuelles' });
    const task = tasks.getByRole('listitem').filter({ hasText: 'archives' });
    await task.getByText('À faire', { exact: true }).waitFor();
    await task.getByText('Exporter la fiche du demandeur depuis le logiciel d’archives').first().waitFor();
    // Nothing is being built while a task is open: the panel says what the package waits for.
    await panelOf(page)
      .getByText(/^Pas encore constitué/)
      .waitFor();

    await task.getByRole('button', { name: 'Marquer comme faite' }).click();
    const dialog = page.getByRole('dialog', { name: 'Tâche faite : archives' });
    // Without a note the dialog says what is missing.
    await dialog.getByRole('button', { name: 'Marquer comme faite' }).click();
    await dialog.getByText('Saisissez une note : c’est la preuve de ce qui a été fait.').waitFor();
    const file = Buffer.from('nom;adresse\nCamille Martin;12 rue des Lilas\n', 'utf8');
    await dialog.getByLabel('Note (preuve de ce qui a été fait)').fill('Exporté, ticket OPS-12');
    await dialog
      .getByLabel('Fichier exporté (facultatif)')
      .setInputFiles({ name: 'archives.csv', mimeType: 'text/csv', buffer: file });
    await dialog.getByRole('button', { name: 'Marquer comme faite' }).click();
    await task.getByText('Faite', { exact: true }).waitFor();
    await task.getByText('Exporté, ticket OPS-12').waitFor();
    await task.getByText(`Fichier joint : archives.csv (${file.length} octets)`).waitFor();
    await task.getByText(/^Faite le .+ par /).waitFor();
    await sourceTile(page, 'archives').getByText('Terminée', { exact: true }).waitFor();
    const pkg = panelOf(page).getByRole('region', { name: 'Dossier à remettre (brouillon)' });
    await pkg.getByText('Prêt', { exact: true }).waitFor();

    // The draft holds the uploaded file as it was sent.
    const draft = await page.request.get(`${ui.portal.baseUrl}/api/v1/staff/requests/${reference}/package`);
    expect(draft.status()).toBe(200);
    const zip = await unzip(await draft.body());
    const attached = [...zip.entries()].filter(([name]) => name.endsWith('archives.csv'));
    expect(attached.map(([, bytes]) => bytes.equals(file))).toEqual([true]);

    const violations = await checkA11y(page);
    expect(violations, formatViolations(violations)).toEqual([]);
    await page.setViewportSize({ width: 375, height: 800 });
    await pkg.getByRole('button', { name: 'Relire customers / orders' }).click();
    await pkg
      .getByRole('region', { name: 'Relecture : customers / orders' })
      .getByRole('listitem')
      .first()
      .waitFor();
    await expect
      .poll(() => page.evaluate(() => document.documentElement.scrollWidth))
      .toBeLessThanOrEqual(375);
  });

  it('keyboard only: Fulfil, then the close-task dialog (Escape returns to its opener)', async () => {
    const { reference } = await verifiedRequest('portability');
    const page = await startedByAgent(reference);
    await tabToButton(page, 'Exécuter la demande');
    await page.keyboard.press('Enter');
    await page.getByText('Exécuter la demande : c’est enregistré.').waitFor();
    const task = panelOf(page).getByRole('region', { name: 'Tâches manuelles' }).getByRole('listitem');
    await task.getByText('À faire', { exact: true }).waitFor();

    await tabToButton(page, 'Marquer comme faite');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Tâche faite : archives' });
    await dialog.waitFor();
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Marquer comme faite');

    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await page.keyboard.type('Rien dans les archives, vérifié par OPS-13');
    await tabToButton(page, 'Marquer comme faite');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    await task.getByText('Faite', { exact: true }).waitFor();
    await task.getByText('Rien dans les archives, vérifié par OPS-13').waitFor();
    await page.getByText('Tâche terminée : c’est enregistré.').waitFor();
  });
});
