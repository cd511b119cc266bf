import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { checkA11y, formatViolations } from '../support/browser.ts';
import { IRISH_CONTROLLER, writeControllerFile } from '../support/controllers.ts';
import { loginAs, type StaffLogin } from '../support/staff.ts';
import { TOKEN_LINK, uniqueEmail, usePortal, verificationMail, waitForHeading } from './portal.ts';

// The portal run for another controller (CONTROLLER_CONFIG: an Irish one, Europe/Dublin, English
// first): every page and every mail shows that controller and its calendar, nothing of the
// built-in Isolectra profile; each mail's own link opens the request in a fresh browser, in the
// language the request was filed in.

const ui = usePortal(() => ({ env: { CONTROLLER_CONFIG: writeControllerFile(IRISH_CONTROLLER) } }));
const BUILT_IN = /Isolectra|CNIL|Commission nationale/;
const WAIT = { timeout: 15_000 };

async function bodyText(page: Page): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: what a person sees (rendered text), not hidden nodes.
  return page.locator('body').innerText();
}

async function expectOnlyIrish(page: Page, label: string): Promise<void> {
  await expect.poll(() => bodyText(page), WAIT).toContain('Liffey Outdoor Supplies');
  expect(await bodyText(page), label).not.toMatch(BUILT_IN);
  expect(await page.title(), label).not.toMatch(BUILT_IN);
}

async function expectAccessible(page: Page, label: string): Promise<void> {
  const violations = await checkA11y(page);
  expect(violations, `${label}\n${formatViolations(violations)}`).toEqual([]);
}

describe('another controller', () => {
  it('every public page shows it, in English first, with its policy, DPO, address and authority', async () => {
    const page = await ui.newPage();
    await page.goto(`${ui.portal.baseUrl}/`);
    await waitForHeading(page, 'Privacy policy');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await expectOnlyIrish(page, 'policy');
    const text = await bodyText(page);
    for (const expected of [
      'How Liffey Outdoor Supplies uses your data',
      'Aoife Byrne',
      'dpo@liffey-outdoor.ie',
      '12 Quay Street, Dublin 8, D08 X2Y3, Ireland',
      'Data Protection Commission (DPC)',
      '+353 1 765 0100',
      'www.dataprotection.ie',
      '<script>alert(1)</script>', // raw HTML in the policy is shown as text
    ]) {
      expect(text).toContain(expected);
    }
    expect(await page.locator('main script, main b').count()).toBe(0);
    expect(await page.getAttribute('a[href^="tel:"]', 'href')).toBe('tel:+35317650100');
    await expectAccessible(page, 'policy of another controller');

    for (const [path, heading] of [
      ['/request?type=access', 'Make a request'],
      ['/status/lost-link', null],
      ['/status', null],
    ] as const) {
      await page.goto(`${ui.portal.baseUrl}${path}`);
      if (heading) await waitForHeading(page, heading);
      await expectOnlyIrish(page, path);
    }

    // The language switch still offers French, and remembers it.
    await page.goto(`${ui.portal.baseUrl}/`);
    await page.getByRole('button', { name: 'Français' }).click();
    await waitForHeading(page, 'Politique de confidentialité');
    await page.reload();
    await waitForHeading(page, 'Politique de confidentialité');
    expect(await bodyText(page)).toContain('Comment Liffey Outdoor Supplies utilise vos données');
    await expectOnlyIrish(page, 'policy in French');
  });

  it('a French request: its dates in Dublin time, its mails, and each mail link opening it in a fresh browser', async () => {
    const { t, baseUrl } = ui.portal;
    const email = uniqueEmail('dublin');
    // Verified at 23:30 on 28 January in Dublin (already 29 January in Paris): due 28 February.
    t.clock.set(new Date('2027-01-28T23:30:00Z'));
    const admin: StaffLogin = await loginAs(t, 'admin'); // a session opened at the test clock's time
    const filed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/requests',
      payload: { type: 'access', email, fullName: 'Siobhán Murphy', locale: 'fr', details: {} },
    });
    expect(filed.statusCode, filed.body).toBe(202);
    const { link, reference } = await verificationMail(t, email);

    // The verification link in a browser whose saved choice is English: the request's French wins.
    const first = await ui.newPage();
    await first.goto(`${baseUrl}/`);
    await waitForHeading(first, 'Privacy policy');
    await first.goto(link);
    await expect.poll(() => bodyText(first), WAIT).toContain('Suivi de votre demande');
    await waitForHeading(first, 'Suivi de votre demande');
    expect(await first.getAttribute('html', 'lang')).toBe('fr');
    await expectOnlyIrish(first, 'status page');
    await expect.poll(() => bodyText(first), WAIT).toContain('28 février 2027');
    expect(await bodyText(first)).not.toContain('1er mars 2027');
    await expectAccessible(first, 'status page of another controller');

    const mailTo = (subject: RegExp) =>
      t.smtp.messages.find((m) => m.to.includes(email) && subject.test(m.subject));
    const act = async (payload: Record<string, unknown>) => {
      const detail = await t.app.inject({
        url: `/api/v1/staff/requests/${reference}`,
        headers: admin.headers,
      });
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/staff/requests/${reference}/actions`,
        headers: admin.headers,
        payload: { expectedVersion: detail.json().version, ...payload },
      });
      expect(res.statusCode, res.body).toBe(200);
    };
    await act({ action: 'start' });
    await act({ action: 'request_info', body: 'Quel numéro de commande ?' });
    await t.smtp.waitFor(() => mailTo(/besoin d’informations/) !== undefined, 15_000);
    await act({ action: 'extend', months: 1, reason: 'Plusieurs systèmes à consulter.' });
    await t.smtp.waitFor(() => mailTo(/prolong/i) !== undefined, 15_000);
    await act({ action: 'message', body: 'Nous consultons nos boutiques.' });
    await t.smtp.waitFor(() => mailTo(/nouveau message/) !== undefined, 15_000);
    await act({ action: 'deny', reasonCode: 'other', explanation: 'Aucune donnée à ce nom.' });
    await t.smtp.waitFor(() => mailTo(/refus/) !== undefined, 15_000);

    const mails = t.smtp.messages.filter((m) => m.to.includes(email));
    // verification, receipt, information, staff message, extension, denial
    expect(mails.length).toBeGreaterThanOrEqual(6);
    for (const mail of mails) {
      expect(`${mail.subject}\n${mail.text}\n${mail.html}`, mail.subject).not.toMatch(BUILT_IN);
      expect(mail.text, mail.subject).toContain('Liffey Outdoor Supplies');
    }
    expect(mailTo(/confirmée/)?.text).toContain('28 février 2027');
    expect(mailTo(/refus/)?.text).toContain('Data Protection Commission (DPC)');

    // The team's mail about the new request: the same controller and its calendar (Dublin).
    await t.smtp.waitFor((all) => all.some((m) => m.to.includes(admin.user.email)), 15_000);
    const notices = t.smtp.messages.filter((m) => m.to.includes(admin.user.email));
    for (const notice of notices) {
      expect(`${notice.subject}\n${notice.text}\n${notice.html}`, notice.subject).not.toMatch(BUILT_IN);
      expect(notice.text, notice.subject).toContain('Liffey Outdoor Supplies');
      expect(notice.text, notice.subject).not.toContain('1er mars 2027');
    }
    expect(notices.map((n) => n.text).join('\n')).toContain(reference);

    // Every mail after the verification carries its own link: each opens the request, in French,
    // in a browser that never saw it (no access key, English as its saved choice).
    for (const mail of mails.filter((m) => !/^Confirmez/.test(m.subject))) {
      const mailLink = TOKEN_LINK.exec(mail.text)?.[0];
      expect(mailLink, mail.subject).toBeDefined();
      const fresh = await ui.newPage();
      await fresh.goto(`${baseUrl}/`);
      await waitForHeading(fresh, 'Privacy policy');
      await fresh.goto(mailLink!);
      await waitForHeading(fresh, 'Suivi de votre demande');
      await expect.poll(() => bodyText(fresh), WAIT).toContain(reference);
      expect(await fresh.getAttribute('html', 'lang')).toBe('fr');
      await expectOnlyIrish(fresh, `opened from "${mail.subject}"`);
    }
  });
});
