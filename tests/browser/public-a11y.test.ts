import { describe, expect, it } from 'vitest';
import { checkA11y, formatViolations } from '../support/browser.ts';
import { uniqueEmail, usePortalPage, verificationMail, waitForHeading } from './portal.ts';

// axe-core (WCAG 2.1 A + AA) on every public page of the subject journey, in the states a
// subject meets: blank, filled per type, with errors, after success, on failure.

const ui = usePortalPage();

async function expectAccessible(label: string): Promise<void> {
  const violations = await checkA11y(ui.page);
  expect(violations, `${label}\n${formatViolations(violations)}`).toEqual([]);
}

describe('accessibility of the public pages (axe, zero violations)', () => {
  it('privacy policy', async () => {
    await ui.page.goto(`${ui.portal.baseUrl}/`);
    await waitForHeading(ui.page, 'Politique de confidentialité');
    await expectAccessible('policy');
  });

  it('request form: no type, four types filled, and with errors shown', async () => {
    await ui.page.goto(`${ui.portal.baseUrl}/request`);
    await waitForHeading(ui.page, 'Faire une demande');
    await expectAccessible('form without type');

    await ui.page.goto(`${ui.portal.baseUrl}/request?type=access`);
    await ui.page.locator('#f-details-scope').waitFor();
    await expectAccessible('form access');

    await ui.page.goto(`${ui.portal.baseUrl}/request?type=rectification`);
    await ui.page.getByRole('button', { name: 'Ajouter une correction' }).click();
    await expectAccessible('form rectification, two corrections');

    await ui.page.goto(`${ui.portal.baseUrl}/request?type=portability`);
    await ui.page
      .getByLabel('Transmettre directement mes données à un autre responsable de traitement')
      .check();
    await expectAccessible('form portability with transfer');

    await ui.page.goto(`${ui.portal.baseUrl}/request?type=objection`);
    await ui.page.getByLabel('Analyse de la clientèle').check();
    await ui.page.getByRole('button', { name: 'Envoyer ma demande' }).click();
    await ui.page.locator('.error-summary').waitFor();
    await expectAccessible('form objection with errors');

    await ui.page.goto(`${ui.portal.baseUrl}/request`);
    await ui.page.getByRole('button', { name: 'Envoyer ma demande' }).click();
    await ui.page.locator('.error-summary').waitFor();
    await expectAccessible('empty form with errors');
  });

  it('"check your e-mail", status page (with a message, with the dialog open), in French and English', async () => {
    const email = uniqueEmail('a11y');
    await ui.page.goto(`${ui.portal.baseUrl}/request?type=information`);
    await ui.page.fill('#f-fullName', 'Ada Access');
    await ui.page.fill('#f-email', email);
    await ui.page.getByRole('button', { name: 'Envoyer ma demande' }).click();
    await waitForHeading(ui.page, 'Vérifiez votre boîte e-mail');
    await expectAccessible('request sent');

    const { link } = await verificationMail(ui.portal.t, email);
    await ui.page.goto(link);
    await waitForHeading(ui.page, 'Suivi de votre demande');
    await expectAccessible('status, no messages');
    await ui.page.fill('#reply-body', 'Bonjour');
    await ui.page.getByRole('button', { name: 'Envoyer le message' }).click();
    await ui.page.locator('.message--mine').waitFor();
    await ui.page.getByRole('button', { name: 'Annuler ma demande' }).click();
    await ui.page.getByRole('dialog').waitFor();
    await expectAccessible('status, cancel dialog open');
    await ui.page.keyboard.press('Escape');
    await ui.page.getByRole('button', { name: 'English' }).click();
    await waitForHeading(ui.page, 'Your request');
    await expectAccessible('status in English');
  });

  it('verify errors, status without a token, and the lost-link form', async () => {
    await ui.page.goto(`${ui.portal.baseUrl}/verify#token=${'A'.repeat(43)}`);
    await waitForHeading(ui.page, 'Ce lien n’est pas valide');
    await ui.page.getByRole('link', { name: 'Recevoir un nouveau lien' }).waitFor();
    await expectAccessible('verify token_unknown');

    await ui.page.goto(`${ui.portal.baseUrl}/verify`);
    await waitForHeading(ui.page, 'Confirmation de votre adresse e-mail');
    await expectAccessible('verify without token');

    await ui.page.goto(`${ui.portal.baseUrl}/status`);
    await waitForHeading(ui.page, 'Suivi de votre demande');
    await ui.page.getByText('ouvrez le lien reçu par e-mail').waitFor();
    await expectAccessible('status without token');

    await ui.page.getByRole('link', { name: 'Recevoir un nouveau lien' }).click();
    await waitForHeading(ui.page, 'Recevoir un nouveau lien de suivi');
    await expectAccessible('lost link');
    await ui.page.getByRole('button', { name: 'Recevoir un nouveau lien' }).click();
    await ui.page.locator('.error-summary').waitFor();
    await expectAccessible('lost link with errors');
    await ui.page.fill('#f-email', 'nobody@example.org');
    await ui.page.fill('#f-reference', 'dsr-2026-000999');
    await ui.page.getByRole('button', { name: 'Recevoir un nouveau lien' }).click();
    await ui.page.getByText('Si une demande correspond à cette adresse et à cette référence').waitFor();
    await expectAccessible('lost link sent');
  });
});
