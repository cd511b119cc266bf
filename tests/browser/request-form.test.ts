import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { uniqueEmail, usePortalPage, waitForHeading } from './portal.ts';

// The request form's validation and failure paths, against the real portal.

const ui = usePortalPage();

const submit = (p: Page) => p.getByRole('button', { name: 'Envoyer ma demande' }).click();
const activeClass = (p: Page) => p.evaluate(() => document.activeElement?.className ?? '');

describe('request form', () => {
  it('shows and announces errors for an empty form, next to each field and in a focused summary', async () => {
    const posts: string[] = [];
    ui.page.on('request', (r) => {
      if (r.method() === 'POST') posts.push(r.url());
    });
    await ui.page.goto(`${ui.portal.baseUrl}/request`);
    await waitForHeading(ui.page, 'Faire une demande');
    await submit(ui.page);
    const summary = ui.page.locator('.error-summary');
    await summary.waitFor();
    await expect.poll(() => activeClass(ui.page)).toBe('error-summary');
    await expect.poll(() => summary.getAttribute('role')).toBe('alert');
    await summary.getByRole('heading', { name: 'Il y a 3 erreurs dans le formulaire' }).waitFor();
    const items = await summary.locator('li').allTextContents();
    expect(items).toEqual([
      'Choisissez le droit que vous souhaitez exercer',
      'Saisissez votre nom et prénom',
      'Saisissez une adresse e-mail valide, par exemple nom@exemple.fr',
    ]);
    for (const id of ['f-fullName', 'f-email']) {
      const field = ui.page.locator(`#${id}`);
      await expect.poll(() => field.getAttribute('aria-invalid')).toBe('true');
      await expect.poll(() => field.getAttribute('aria-describedby')).toContain(`${id}-error`);
    }
    await expect.poll(() => ui.page.locator('#f-type').getAttribute('aria-describedby')).toBe('f-type-error');
    // A summary link moves focus to its field, without a navigation.
    await summary.getByRole('link', { name: /Saisissez une adresse e-mail/ }).click();
    await expect.poll(() => ui.page.evaluate(() => document.activeElement?.id)).toBe('f-email');
    expect(new URL(ui.page.url()).hash).toBe('');
    await summary.getByRole('link', { name: /Choisissez le droit/ }).click();
    await expect.poll(() => ui.page.evaluate(() => document.activeElement?.id)).toBe('f-type-access');
    expect(posts).toEqual([]);
  });

  it('validates type-specific fields with the shared schema (rectification, objection, portability)', async () => {
    await ui.page.goto(`${ui.portal.baseUrl}/request?type=rectification`);
    await ui.page.fill('#f-fullName', 'Sam');
    await ui.page.fill('#f-email', 'pas-une-adresse');
    await submit(ui.page);
    await ui.page.locator('.error-summary').waitFor();
    await expect
      .poll(() => ui.page.locator('.error-summary li').allTextContents())
      .toEqual([
        // Each names the group it is about (repeated questions).
        'Correction 1\u202f: Indiquez la donnée à corriger',
        'Correction 1\u202f: Indiquez la valeur correcte',
        'Saisissez une adresse e-mail valide, par exemple nom@exemple.fr',
      ]);
    expect(
      await ui.page.locator('#f-details-corrections-0-correctedValue').getAttribute('aria-invalid'),
    ).toBe('true');

    // Objection: grounds required unless direct marketing only.
    await ui.page.getByLabel('Droit d’opposition').check();
    expect(new URL(ui.page.url()).searchParams.get('type')).toBe('objection');
    await ui.page.getByLabel('Analyse de la clientèle').check();
    await ui.page.fill('#f-email', 'sam@example.org');
    await submit(ui.page);
    await ui.page.locator('.error-summary li', { hasText: 'Expliquez vos raisons' }).waitFor();
    await ui.page.getByLabel('Analyse de la clientèle').uncheck();
    await ui.page.getByLabel('Prospection commerciale').check();
    await ui.page.getByLabel('Droit à la portabilité').check();
    await submit(ui.page);
    await expect
      .poll(() => ui.page.locator('.error-summary li').allTextContents())
      .toEqual(['Choisissez un format']);
    await ui.page.getByLabel('JSON (pour un autre service ou un programme)').check();
    await ui.page
      .getByLabel('Transmettre directement mes données à un autre responsable de traitement')
      .check();
    await ui.page.fill('#f-details-transferTo-email', 'x');
    await submit(ui.page);
    await expect
      .poll(() => ui.page.locator('.error-summary li').allTextContents())
      .toEqual([
        'Saisissez le nom de l’organisme destinataire',
        'Saisissez une adresse e-mail valide, par exemple nom@exemple.fr',
      ]);
  });

  it('puts server field errors on the same fields, and explains a 429', async () => {
    await ui.page.goto(`${ui.portal.baseUrl}/request?type=rectification`);
    await ui.page.fill('#f-details-corrections-0-field', 'Nom');
    await ui.page.fill('#f-details-corrections-0-correctedValue', 'Dupont');
    await ui.page.fill('#f-fullName', 'Sam');
    await ui.page.fill('#f-email', uniqueEmail('server-errors'));
    let answer: 'problem' | 'limited' = 'problem';
    await ui.page.route('**/api/v1/requests', (route) =>
      answer === 'problem'
        ? route.fulfill({
            status: 400,
            contentType: 'application/problem+json',
            body: JSON.stringify({
              type: 'urn:problem:dsr:validation_failed',
              title: 'The request contains invalid fields',
              status: 400,
              code: 'validation_failed',
              errors: [{ path: 'details.corrections.0.correctedValue', code: 'too_big', message: 'Too big' }],
            }),
          })
        : route.fulfill({
            status: 429,
            headers: { 'retry-after': '120' },
            contentType: 'application/problem+json',
            body: JSON.stringify({
              type: 'x',
              title: 'Too many requests',
              status: 429,
              code: 'rate_limited',
            }),
          }),
    );
    await submit(ui.page);
    await ui.page.locator('.error-summary li', { hasText: 'Ce texte est trop long' }).waitFor();
    expect(
      await ui.page.locator('#f-details-corrections-0-correctedValue').getAttribute('aria-invalid'),
    ).toBe('true');
    answer = 'limited';
    await submit(ui.page);
    const alert = ui.page.locator('.notice--error[role="alert"]');
    await alert.waitFor();
    await expect.poll(() => alert.textContent()).toContain('Réessayez dans 2 min');
    await expect.poll(() => activeClass(ui.page)).toContain('notice--error');
  });

  it('files one request for a double click, with an Idempotency-Key and a "Sending…" button', async () => {
    const email = uniqueEmail('double');
    const keys: (string | undefined)[] = [];
    await ui.page.route('**/api/v1/requests', async (route) => {
      keys.push(route.request().headers()['idempotency-key']);
      await new Promise((r) => setTimeout(r, 300)); // long enough to see the sending state
      await route.continue();
    });
    await ui.page.goto(`${ui.portal.baseUrl}/request?type=access`);
    await ui.page.fill('#f-fullName', 'Double Clic');
    await ui.page.fill('#f-email', email);
    const button = ui.page.locator('button[type="submit"]');
    await button.dblclick();
    await ui.page.getByRole('button', { name: 'Envoi en cours…' }).waitFor();
    await expect.poll(() => button.isDisabled()).toBe(true);
    await waitForHeading(ui.page, 'Vérifiez votre boîte e-mail');
    expect(keys.length).toBeGreaterThanOrEqual(1);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(keys).size).toBe(1);
    expect(await ui.portal.t.prisma.request.count({ where: { email } })).toBe(1);
  });

  it('is available in English, and sends the UI language as the request locale', async () => {
    const email = uniqueEmail('english');
    await ui.page.goto(`${ui.portal.baseUrl}/request?type=information`);
    await ui.page.getByRole('button', { name: 'English' }).click();
    await waitForHeading(ui.page, 'Make a request');
    await ui.page.getByRole('button', { name: 'Send my request' }).click();
    await ui.page.getByRole('heading', { name: 'There are 2 problems with the form' }).waitFor();
    await ui.page.fill('#f-fullName', 'Robin English');
    await ui.page.fill('#f-email', email);
    await ui.page.getByRole('button', { name: 'Send my request' }).click();
    await waitForHeading(ui.page, 'Check your e-mail');
    const row = await ui.portal.t.prisma.request.findFirstOrThrow({ where: { email } });
    expect(row.locale).toBe('en');
  });
});
