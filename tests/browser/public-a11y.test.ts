import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkA11y, formatViolations } from '../support/browser.ts';
import { type Portal, startPortal, uniqueEmail, verificationMail, waitForHeading } from './portal.ts';

// axe-core (WCAG 2.1 A + AA) on every public page of the subject journey, in the states a
// subject meets: blank, filled per type, with errors, after success, on failure.

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

async function expectAccessible(label: string): Promise<void> {
  const violations = await checkA11y(page);
  expect(violations, `${label}\n${formatViolations(violations)}`).toEqual([]);
}

describe('accessibility of the public pages (axe, zero violations)', () => {
  it('privacy policy', async () => {
    await page.goto(`${portal.baseUrl}/`);
    await waitForHeading(page, 'Politique de confidentialité');
    await expectAccessible('policy');
  });

  it('request form: no type, four types filled, and with errors shown', async () => {
    await page.goto(`${portal.baseUrl}/request`);
    await waitForHeading(page, 'Faire une demande');
    await expectAccessible('form without type');

    await page.goto(`${portal.baseUrl}/request?type=access`);
    await page.locator('#f-details-scope').waitFor();
    await expectAccessible('form access');

    await page.goto(`${portal.baseUrl}/request?type=rectification`);
    await page.getByRole('button', { name: 'Ajouter une correction' }).click();
    await expectAccessible('form rectification, two corrections');

    await page.goto(`${portal.baseUrl}/request?type=portability`);
    await page.getByLabel('Transmettre directement mes données à un autre responsable de traitement').check();
    await expectAccessible('form portability with transfer');

    await page.goto(`${portal.baseUrl}/request?type=objection`);
    await page.getByLabel('Analyse de la clientèle').check();
    await page.getByRole('button', { name: 'Envoyer ma demande' }).click();
    await page.locator('.error-summary').waitFor();
    await expectAccessible('form objection with errors');

    await page.goto(`${portal.baseUrl}/request`);
    await page.getByRole('button', { name: 'Envoyer ma demande' }).click();
    await page.locator('.error-summary').waitFor();
    await expectAccessible('empty form with errors');
  });

  it('"check your e-mail", status page (with a message, with the dialog open), in French and English', async () => {
    const email = uniqueEmail('a11y');
    await page.goto(`${portal.baseUrl}/request?type=information`);
    await page.fill('#f-fullName', 'Ada Access');
    await page.fill('#f-email', email);
    await page.getByRole('button', { name: 'Envoyer ma demande' }).click();
    await waitForHeading(page, 'Vérifiez votre boîte e-mail');
    await expectAccessible('request sent');

    const { link } = await verificationMail(portal.t, email);
    await page.goto(link);
    await waitForHeading(page, 'Suivi de votre demande');
    await expectAccessible('status, no messages');
    await page.fill('#reply-body', 'Bonjour');
    await page.getByRole('button', { name: 'Envoyer le message' }).click();
    await page.locator('.message--mine').waitFor();
    await page.getByRole('button', { name: 'Annuler ma demande' }).click();
    await page.getByRole('dialog').waitFor();
    await expectAccessible('status, cancel dialog open');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'English' }).click();
    await waitForHeading(page, 'Your request');
    await expectAccessible('status in English');
  });

  it('verify errors, status without a token, and the lost-link form', async () => {
    await page.goto(`${portal.baseUrl}/verify#token=${'A'.repeat(43)}`);
    await waitForHeading(page, 'Ce lien n’est pas valide');
    await page.getByRole('link', { name: 'Recevoir un nouveau lien' }).waitFor();
    await expectAccessible('verify token_unknown');

    await page.goto(`${portal.baseUrl}/verify`);
    await waitForHeading(page, 'Confirmation de votre adresse e-mail');
    await expectAccessible('verify without token');

    await page.goto(`${portal.baseUrl}/status`);
    await waitForHeading(page, 'Suivi de votre demande');
    await page.getByText('ouvrez le lien reçu par e-mail').waitFor();
    await expectAccessible('status without token');

    await page.getByRole('link', { name: 'Recevoir un nouveau lien' }).click();
    await waitForHeading(page, 'Recevoir un nouveau lien de suivi');
    await expectAccessible('lost link');
    await page.getByRole('button', { name: 'Recevoir un nouveau lien' }).click();
    await page.locator('.error-summary').waitFor();
    await expectAccessible('lost link with errors');
    await page.fill('#f-email', 'nobody@example.org');
    await page.fill('#f-reference', 'dsr-2026-000999');
    await page.getByRole('button', { name: 'Recevoir un nouveau lien' }).click();
    await page.getByText('Si une demande correspond à cette adresse et à cette référence').waitFor();
    await expectAccessible('lost link sent');
  });
});
