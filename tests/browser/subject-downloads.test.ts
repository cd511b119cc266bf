import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkA11y, formatViolations } from '../support/browser.ts';
import { randomIp } from '../support/staff.ts';
import { uniqueEmail, usePortalPage, verificationMail, waitForHeading } from './portal.ts';

// The subject's files on the status page, in a real browser: name, size and expiry in words, a
// download that sends the access token in a header (never in a URL) and saves the exact bytes,
// the expired state when the period ends while the page is open, keyboard use, a phone-sized
// screen and axe.

const ui = usePortalPage();

const parisDateTime = (date: Date) =>
  new Intl.DateTimeFormat('fr-FR', {
    timeZone: 'Europe/Paris',
    dateStyle: 'long',
    timeStyle: 'short',
  }).format(date);

/** Files a request over HTTP: its id and the e-mailed link (opening it signs the page in). */
async function fileRequest(): Promise<{ requestId: string; link: string }> {
  const { t, baseUrl } = ui.portal;
  const email = uniqueEmail('downloads');
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/requests',
    remoteAddress: randomIp(),
    payload: { type: 'access', email, fullName: 'Camille Martin', locale: 'fr', details: {} },
  });
  expect(res.statusCode).toBe(202);
  const { link, reference } = await verificationMail(t, email);
  const { id } = await t.prisma.request.findUniqueOrThrow({ where: { reference }, select: { id: true } });
  expect(link.startsWith(baseUrl)).toBe(true);
  return { requestId: id, link };
}

async function addDownload(requestId: string, bytes: Buffer, expiresAt: Date) {
  const { t } = ui.portal;
  const relative = path.join('exports', `${requestId}.zip`);
  const dataDir = t.app.deps.config.dataDir;
  mkdirSync(path.join(dataDir, 'exports'), { recursive: true });
  writeFileSync(path.join(dataDir, relative), bytes);
  return t.prisma.download.create({
    data: { requestId, fileName: 'donnees-DSR.zip', path: relative, sizeBytes: bytes.length, expiresAt },
    select: { id: true },
  });
}

describe('subject downloads', () => {
  it('lists the file in words and saves it with the token in a header only', async () => {
    const { t } = ui.portal;
    const { requestId, link } = await fileRequest();
    const bytes = Buffer.alloc(2_400_000, 7);
    const expiresAt = new Date(t.clock.now.getTime() + 7 * 24 * 3_600_000);
    await addDownload(requestId, bytes, expiresAt);

    const urls: string[] = [];
    ui.page.on('request', (request) => urls.push(request.url()));
    await ui.page.setViewportSize({ width: 375, height: 800 });
    await ui.page.goto(link);
    await waitForHeading(ui.page, 'Suivi de votre demande');
    const files = ui.page.getByRole('region', { name: 'Vos fichiers' });
    await files.getByText('donnees-DSR.zip', { exact: true }).waitFor();
    await files.getByText(/Taille\s:\s2,4\sMo/).waitFor();
    await files.getByText(`Disponible jusqu’au ${parisDateTime(expiresAt)}`).waitFor();
    await files.getByText(/report\.html/).waitFor();

    // Phone-sized: nothing wider than the screen, and the button reachable by keyboard.
    expect(await ui.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    const button = files.getByRole('button', { name: 'Télécharger donnees-DSR.zip' });
    await button.focus();
    const saved = ui.page.waitForEvent('download');
    await ui.page.keyboard.press('Enter');
    const download = await saved;
    expect(download.suggestedFilename()).toBe('donnees-DSR.zip');
    expect(readFileSync(await download.path()).equals(bytes)).toBe(true);
    await files.getByRole('status').filter({ hasText: 'donnees-DSR.zip est téléchargé.' }).waitFor();

    const token = await ui.page.evaluate(() => sessionStorage.getItem('dsr.access'));
    expect(token).toBeTruthy();
    expect(urls.filter((url) => url.includes(token!))).toEqual([]);
    const violations = await checkA11y(ui.page);
    expect(violations, formatViolations(violations)).toEqual([]);
    const audit = await t.prisma.auditEvent.count({ where: { requestId, type: 'download.fetched' } });
    expect(audit).toBe(1);
  });

  it('says the file expired when its period ends while the page is open', async () => {
    const { t } = ui.portal;
    const { requestId, link } = await fileRequest();
    const expiresAt = new Date(t.clock.now.getTime() + 3_600_000);
    await addDownload(requestId, Buffer.from('PK-small'), expiresAt);
    await ui.page.goto(link);
    await waitForHeading(ui.page, 'Suivi de votre demande');
    const files = ui.page.getByRole('region', { name: 'Vos fichiers' });
    await files.getByText(/Taille\s:\s8\soctets/).waitFor();

    t.clock.advance(2 * 3_600_000);
    await files.getByRole('button', { name: 'Télécharger donnees-DSR.zip' }).click();
    await files
      .getByText(
        `Ce fichier n’est plus disponible : sa période de téléchargement a pris fin le ${parisDateTime(expiresAt)}.`,
      )
      .waitFor();
    await expect.poll(() => files.getByRole('button').count()).toBe(0);
    const violations = await checkA11y(ui.page);
    expect(violations, formatViolations(violations)).toEqual([]);
  });
});
