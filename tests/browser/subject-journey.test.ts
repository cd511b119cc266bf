import { computeDueAt } from '@dsr/shared/deadline';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  focusedId,
  type Portal,
  startPortal,
  tabTo,
  uniqueEmail,
  verificationMail,
  waitForHeading,
} from './portal.ts';

// Data subjects' journey in a real browser against the real portal: file a request of each type
// through the form, open the e-mailed link, follow, write, cancel.

type Fill = (page: Page) => Promise<void>;
const FILL: Record<string, Fill> = {
  access: async (page) => {
    await page.fill('#f-details-scope', 'Mes commandes de 2025');
  },
  rectification: async (page) => {
    await page.fill('#f-details-corrections-0-field', 'Adresse postale');
    await page.fill('#f-details-corrections-0-currentValue', '1 rue A');
    await page.fill('#f-details-corrections-0-correctedValue', '2 rue B');
    await page.getByRole('button', { name: 'Ajouter une correction' }).click();
    await page.fill('#f-details-corrections-1-field', 'Téléphone');
    await page.fill('#f-details-corrections-1-correctedValue', '01 02 03 04 05');
    await page.getByRole('button', { name: 'Ajouter une correction' }).click();
    await page.getByRole('button', { name: 'Retirer la correction 3' }).click();
    expect(await page.locator('.correction').count()).toBe(2);
  },
  erasure: async (page) => {
    await page.fill('#f-details-scope', 'Tout');
    await page.fill('#f-details-reason', 'Je ne suis plus client');
  },
  restriction: async (page) => {
    await page.getByLabel('Je conteste l’exactitude de mes données').check();
  },
  objection: async (page) => {
    await page.getByLabel('Prospection commerciale').check();
    await page.getByLabel('Analyse de la clientèle').check();
    await page.fill('#f-details-grounds', 'Je ne souhaite pas être profilé.');
  },
  portability: async (page) => {
    await page.getByLabel('CSV (pour un tableur)').check();
    await page.getByLabel('Transmettre directement mes données à un autre responsable de traitement').check();
    await page.fill('#f-details-transferTo-name', 'Autre Société');
    await page.fill('#f-details-transferTo-email', 'dpo@autre.example');
  },
  consent_withdrawal: async (page) => {
    await page.getByLabel('Lettre d’information').check();
    await page.getByLabel('Cookies publicitaires').check();
  },
  information: async (page) => {
    await page.fill('#f-details-question', 'Quelles données avez-vous sur moi ?');
  },
  automated_decision: async (page) => {
    await page.fill('#f-details-decision', 'Refus de paiement en plusieurs fois le 3 mars');
    await page.getByLabel('Je demande qu’une personne réexamine cette décision').check();
  },
};

const parisDate = (date: Date) =>
  new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'long' }).format(date);

let portal: Portal;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  portal = await startPortal();
});
afterAll(async () => {
  await portal?.close();
});
beforeEach(async () => {
  context = await portal.browser.newContext();
  context.setDefaultTimeout(10_000);
  page = await context.newPage();
});
afterEach(async () => {
  await context.close();
});

describe('subject journey through the form, the e-mail link and the status page', () => {
  for (const type of Object.keys(FILL)) {
    it(`files, verifies, writes and cancels a ${type} request`, async () => {
      const { t, baseUrl } = portal;
      const email = uniqueEmail(type);
      await page.goto(`${baseUrl}/request?type=${type}`);
      await waitForHeading(page, 'Faire une demande');
      expect(await page.locator(`#f-type-${type}`).isChecked()).toBe(true);
      await FILL[type]!(page);
      await page.fill('#f-fullName', 'Camille Martin');
      await page.fill('#f-email', email);
      await page.fill('#f-message', 'Merci.');
      await page.getByRole('button', { name: 'Envoyer ma demande' }).click();
      await waitForHeading(page, 'Vérifiez votre boîte e-mail');
      await page.getByText('dans les 24 heures').waitFor();
      await page.getByText('au bout de 7 jours').waitFor();

      const { link, reference } = await verificationMail(t, email);
      expect(link.startsWith(`${baseUrl}/verify#token=`)).toBe(true);
      const row = await t.prisma.request.findFirstOrThrow({ where: { reference } });
      expect(row.type).toBe(type);
      expect(row.email).toBe(email);

      await page.goto(link);
      await waitForHeading(page, 'Suivi de votre demande');
      expect(new URL(page.url()).pathname).toBe('/status');
      expect(page.url()).not.toContain('token');
      await expect(page.locator('.reference').textContent()).resolves.toBe(reference);
      const due = parisDate(computeDueAt(t.clock.now, 'Europe/Paris'));
      await page.getByText(due).waitFor();
      await page.getByText(/encore \d+ jours/).waitFor();
      await page.getByText('Aucun message pour le moment.').waitFor();
      await expect(page.locator('.timeline li').count()).resolves.toBeGreaterThanOrEqual(2);

      await page.fill('#reply-body', `Une précision pour ${type}.`);
      await page.getByRole('button', { name: 'Envoyer le message' }).click();
      await page.locator('.message--mine', { hasText: `Une précision pour ${type}.` }).waitFor();
      await page.getByText('Votre message a été envoyé.').waitFor();

      await page.getByRole('button', { name: 'Annuler ma demande' }).click();
      const dialog = page.getByRole('dialog', { name: 'Annuler votre demande ?' });
      await dialog.waitFor();
      await dialog.getByLabel('Pourquoi annulez-vous ?').fill('Plus nécessaire');
      await dialog.getByRole('button', { name: 'Oui, annuler ma demande' }).click();
      await page.locator('.badge', { hasText: 'Annulée' }).waitFor();
      await page.getByText('Votre demande a été annulée.').waitFor();
      await expect(page.getByRole('button', { name: 'Annuler ma demande' }).count()).resolves.toBe(0);
      const after = await t.prisma.request.findFirstOrThrow({ where: { reference } });
      expect(after.status).toBe('cancelled');
    });
  }

  it('can be done with the keyboard alone', async () => {
    const { t, baseUrl } = portal;
    const email = uniqueEmail('keyboard');
    await page.goto(`${baseUrl}/request`);
    await waitForHeading(page, 'Faire une demande');
    // Radio group: Tab lands on the first right, arrows move the choice.
    await tabTo(page, '#f-type-access');
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await page.locator('#f-type-erasure').isChecked()).toBe(true);
    expect(await focusedId(page)).toBe('f-type-erasure');
    await tabTo(page, '#f-details-scope');
    await page.keyboard.type('Mon compte client');
    await tabTo(page, '#f-fullName');
    await page.keyboard.type('Dominique Keyboard');
    await page.keyboard.press('Tab');
    await page.keyboard.type(email);
    await page.keyboard.press('Shift+Tab');
    expect(await focusedId(page)).toBe('f-fullName');
    await tabTo(page, 'button[type="submit"]');
    await page.keyboard.press('Enter');
    await waitForHeading(page, 'Vérifiez votre boîte e-mail');

    const { link, reference } = await verificationMail(t, email);
    await page.goto(link);
    await waitForHeading(page, 'Suivi de votre demande');
    await expect(page.locator('.reference').textContent()).resolves.toBe(reference);

    await tabTo(page, '#reply-body');
    await page.keyboard.type('Envoyé au clavier');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.locator('.message--mine', { hasText: 'Envoyé au clavier' }).waitFor();

    // The dialog: opens on the harmless choice, Escape closes it and gives focus back.
    await tabTo(page, 'button.button--danger');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor();
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe(
      'Non, garder ma demande',
    );
    // Focus stays inside the modal dialog.
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.closest('dialog') !== null)).toBe(true);
    }
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe(
      'Annuler ma demande',
    );
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor();
    await tabTo(page, 'dialog button[type="submit"]', { back: true });
    await page.keyboard.press('Enter');
    await page.locator('.badge', { hasText: 'Annulée' }).waitFor();
    await expect(page.evaluate(() => document.activeElement?.getAttribute('role'))).resolves.toBe('status');
  });

  it('removes the token from the address bar and serves /verify with Referrer-Policy: no-referrer', async () => {
    const { t, baseUrl } = portal;
    const email = uniqueEmail('referrer');
    await page.goto(`${baseUrl}/request?type=information`);
    await page.fill('#f-fullName', 'Alex Referrer');
    await page.fill('#f-email', email);
    await page.getByRole('button', { name: 'Envoyer ma demande' }).click();
    await waitForHeading(page, 'Vérifiez votre boîte e-mail');
    const { link } = await verificationMail(t, email);

    const response = await page.goto(link);
    expect(response?.headers()['referrer-policy']).toBe('no-referrer');
    await waitForHeading(page, 'Suivi de votre demande');
    expect(page.url()).toBe(`${baseUrl}/status`);
    expect(await page.evaluate(() => sessionStorage.getItem('dsr.access'))).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The verify entry was replaced: Back does not bring the token back.
    await page.goBack();
    expect(page.url()).not.toContain('token');

    // The same link again: already used, with the way out.
    const again = await context.newPage();
    await again.goto(link);
    await waitForHeading(again, 'Ce lien a déjà été utilisé');
    expect(again.url()).toBe(`${baseUrl}/verify`);
    await again.getByRole('link', { name: 'Recevoir un nouveau lien' }).click();
    await waitForHeading(again, 'Recevoir un nouveau lien de suivi');
  });
});
