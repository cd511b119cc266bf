import { computeDueAt } from '@dsr/shared/deadline';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { focusedId, tabTo, uniqueEmail, usePortalPage, verificationMail, waitForHeading } from './portal.ts';

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
    await expect.poll(() => page.locator('.correction').count()).toBe(2);
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
    // "Other" opens a box for the subject's own words.
    await page.getByLabel('Autre usage', { exact: true }).check();
    await page.fill('#f-details-otherPurpose', 'Le programme de parrainage');
  },
  information: async (page) => {
    await page.fill('#f-details-question', 'Quelles données avez-vous sur moi ?');
  },
  automated_decision: async (page) => {
    await page.fill('#f-details-decision', 'Refus de paiement en plusieurs fois le 3 mars');
    await page.getByLabel('Je demande qu’une personne réexamine cette décision').check();
  },
};

// What the status page reads back under "Ce que vous avez demandé", per type.
const ASKED: Record<string, string[]> = {
  access: ['Mes commandes de 2025'],
  rectification: ['1 rue A → 2 rue B', '01 02 03 04 05', 'Merci.'],
  erasure: ['Tout', 'Je ne suis plus client'],
  restriction: ['Je conteste l’exactitude de mes données'],
  objection: ['Prospection commerciale', 'Analyse de la clientèle', 'Je ne souhaite pas être profilé.'],
  portability: ['CSV (pour un tableur)', 'Autre Société', 'Merci.'],
  consent_withdrawal: [
    'Lettre d’information',
    'Cookies publicitaires',
    'Le programme de parrainage',
    'Merci.',
  ],
  information: ['Quelles données avez-vous sur moi ?'],
  automated_decision: ['Refus de paiement en plusieurs fois le 3 mars', 'Oui'],
};
// Types with a free-text question of their own: the form shows no second box (the message).
const OWN_TEXT_BOX = ['access', 'erasure', 'restriction', 'objection', 'information', 'automated_decision'];

const parisDate = (date: Date) =>
  new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'long' }).format(date);

const ui = usePortalPage();

describe('subject journey through the form, the e-mail link and the status page', () => {
  for (const type of Object.keys(FILL)) {
    it(`files, verifies, writes and cancels a ${type} request`, async () => {
      const { t, baseUrl } = ui.portal;
      const email = uniqueEmail(type);
      await ui.page.goto(`${baseUrl}/request?type=${type}`);
      await waitForHeading(ui.page, 'Faire une demande');
      await expect.poll(() => ui.page.locator(`#f-type-${type}`).isChecked()).toBe(true);
      await FILL[type]!(ui.page);
      await ui.page.fill('#f-fullName', 'Camille Martin');
      await ui.page.fill('#f-email', email);
      if (OWN_TEXT_BOX.includes(type)) {
        await expect.poll(() => ui.page.locator('#f-message').count(), { timeout: 15_000 }).toBe(0);
      } else {
        await ui.page.fill('#f-message', 'Merci.');
      }
      await ui.page.getByRole('button', { name: 'Envoyer ma demande' }).click();
      await waitForHeading(ui.page, 'Vérifiez votre boîte e-mail');
      await ui.page.getByText('dans les 24 heures').waitFor();
      await ui.page.getByText('au bout de 7 jours').waitFor();

      const { link, reference } = await verificationMail(t, email);
      expect(link.startsWith(`${baseUrl}/verify#token=`)).toBe(true);
      const row = await t.prisma.request.findFirstOrThrow({ where: { reference } });
      expect(row.type).toBe(type);
      expect(row.email).toBe(email);

      await ui.page.goto(link);
      await waitForHeading(ui.page, 'Suivi de votre demande');
      expect(new URL(ui.page.url()).pathname).toBe('/status');
      expect(ui.page.url()).not.toContain('token');
      await expect.poll(() => ui.page.locator('.reference').textContent()).toBe(reference);
      const due = parisDate(computeDueAt(t.clock.now, 'Europe/Paris'));
      await ui.page.getByText(due).waitFor();
      await ui.page.getByText(/encore \d+ jours/).waitFor();
      await ui.page.getByText('Aucun message pour le moment.').waitFor();
      await expect.poll(() => ui.page.locator('.timeline li').count()).toBeGreaterThanOrEqual(2);
      // What was asked, read back.
      const asked = ui.page.getByRole('region', { name: 'Ce que vous avez demandé' });
      for (const text of ASKED[type]!) await asked.getByText(text, { exact: false }).first().waitFor();

      await ui.page.fill('#reply-body', `Une précision pour ${type}.`);
      await ui.page.getByRole('button', { name: 'Envoyer le message' }).click();
      await ui.page.locator('.message--mine', { hasText: `Une précision pour ${type}.` }).waitFor();
      await ui.page.getByText('Votre message a été envoyé.').waitFor();

      await ui.page.getByRole('button', { name: 'Annuler ma demande' }).click();
      const dialog = ui.page.getByRole('dialog', { name: 'Annuler votre demande ?' });
      await dialog.waitFor();
      await dialog.getByLabel('Pourquoi annulez-vous ?').fill('Plus nécessaire');
      await dialog.getByRole('button', { name: 'Oui, annuler ma demande' }).click();
      await ui.page.locator('.badge', { hasText: 'Annulée' }).waitFor();
      await ui.page.getByText('Votre demande a été annulée.').waitFor();
      await expect.poll(() => ui.page.getByRole('button', { name: 'Annuler ma demande' }).count()).toBe(0);
      const after = await t.prisma.request.findFirstOrThrow({ where: { reference } });
      expect(after.status).toBe('cancelled');
    });
  }

  it('can be done with the keyboard alone', async () => {
    const { t, baseUrl } = ui.portal;
    const email = uniqueEmail('keyboard');
    await ui.page.goto(`${baseUrl}/request`);
    await waitForHeading(ui.page, 'Faire une demande');
    // Radio group: Tab lands on the first right, arrows move the choice.
    await tabTo(ui.page, '#f-type-access');
    await ui.page.keyboard.press('Space');
    await ui.page.keyboard.press('ArrowDown');
    await ui.page.keyboard.press('ArrowDown');
    await expect.poll(() => ui.page.locator('#f-type-erasure').isChecked()).toBe(true);
    await expect.poll(() => focusedId(ui.page)).toBe('f-type-erasure');
    await tabTo(ui.page, '#f-details-scope');
    await ui.page.keyboard.type('Mon compte client');
    await tabTo(ui.page, '#f-fullName');
    await ui.page.keyboard.type('Dominique Keyboard');
    await ui.page.keyboard.press('Tab');
    await ui.page.keyboard.type(email);
    await ui.page.keyboard.press('Shift+Tab');
    await expect.poll(() => focusedId(ui.page)).toBe('f-fullName');
    await tabTo(ui.page, 'button[type="submit"]');
    await ui.page.keyboard.press('Enter');
    await waitForHeading(ui.page, 'Vérifiez votre boîte e-mail');

    const { link, reference } = await verificationMail(t, email);
    await ui.page.goto(link);
    await waitForHeading(ui.page, 'Suivi de votre demande');
    await expect.poll(() => ui.page.locator('.reference').textContent()).toBe(reference);

    await tabTo(ui.page, '#reply-body');
    await ui.page.keyboard.type('Envoyé au clavier');
    await ui.page.keyboard.press('Tab');
    await ui.page.keyboard.press('Enter');
    await ui.page.locator('.message--mine', { hasText: 'Envoyé au clavier' }).waitFor();

    // The dialog: opens on the harmless choice, Escape closes it and gives focus back.
    await tabTo(ui.page, 'button.button--danger');
    await ui.page.keyboard.press('Enter');
    await ui.page.getByRole('dialog').waitFor();
    await expect(ui.page.evaluate(() => document.activeElement?.textContent)).resolves.toBe(
      'Non, garder ma demande',
    );
    // Focus stays inside the modal dialog.
    for (let i = 0; i < 6; i++) {
      await ui.page.keyboard.press('Tab');
      await expect
        .poll(() => ui.page.evaluate(() => document.activeElement?.closest('dialog') !== null))
        .toBe(true);
    }
    await ui.page.keyboard.press('Escape');
    await ui.page.getByRole('dialog').waitFor({ state: 'hidden' });
    await expect(ui.page.evaluate(() => document.activeElement?.textContent)).resolves.toBe(
      'Annuler ma demande',
    );
    await ui.page.keyboard.press('Enter');
    await ui.page.getByRole('dialog').waitFor();
    await tabTo(ui.page, 'dialog button[type="submit"]', { back: true });
    await ui.page.keyboard.press('Enter');
    await ui.page.locator('.badge', { hasText: 'Annulée' }).waitFor();
    await expect(ui.page.evaluate(() => document.activeElement?.getAttribute('role'))).resolves.toBe(
      'status',
    );
  });

  it('removes the token from the address bar and serves /verify with Referrer-Policy: no-referrer', async () => {
    const { t, baseUrl } = ui.portal;
    const email = uniqueEmail('referrer');
    await ui.page.goto(`${baseUrl}/request?type=information`);
    await ui.page.fill('#f-fullName', 'Alex Referrer');
    await ui.page.fill('#f-email', email);
    await ui.page.getByRole('button', { name: 'Envoyer ma demande' }).click();
    await waitForHeading(ui.page, 'Vérifiez votre boîte e-mail');
    const { link } = await verificationMail(t, email);

    const response = await ui.page.goto(link);
    expect(response?.headers()['referrer-policy']).toBe('no-referrer');
    await waitForHeading(ui.page, 'Suivi de votre demande');
    expect(ui.page.url()).toBe(`${baseUrl}/status`);
    await expect
      .poll(() => ui.page.evaluate(() => sessionStorage.getItem('dsr.access')))
      .toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The verify entry was replaced: Back does not bring the token back.
    await ui.page.goBack();
    expect(ui.page.url()).not.toContain('token');

    // The same link again: already used, with the way out.
    const again = await ui.context.newPage();
    await again.goto(link);
    await waitForHeading(again, 'Ce lien a déjà été utilisé');
    expect(again.url()).toBe(`${baseUrl}/verify`);
    await again.getByRole('link', { name: 'Recevoir un nouveau lien' }).click();
    await waitForHeading(again, 'Recevoir un nouveau lien de suivi');
  });
});
