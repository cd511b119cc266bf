import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DEMO_CUSTOMERS,
  DEMO_SUBJECT,
  LOOK_ALIKES,
  seedDemoCustomers,
} from '../../scripts/demo-customers.ts';
import { createStaffUser } from '../support/staff.ts';
import { unzip } from '../support/zip.ts';
import { openStaffRequest, signInStaff, usePortal, verificationMail, waitForHeading } from './portal.ts';

// The access journey in a real browser against the real portal and the built-in customer area
// seeded with the demo customers: the subject files and verifies; an agent starts, sees one match,
// fulfils, watches the run, leaves one comment out of the draft with a reason, completes; the
// subject downloads the ZIP from the status page; its report.html reads as a person would read it
// and its data.json holds the subject's rows only, without the row left out.

const ui = usePortal();

const parisDateTime = (date: Date) =>
  new Intl.DateTimeFormat('fr-FR', {
    timeZone: 'Europe/Paris',
    dateStyle: 'long',
    timeStyle: 'short',
  }).format(date);

/** "15 ko", "2,4 Mo": decimal units, one decimal below 10. */
function frenchSize(bytes: number): RegExp {
  const [value, unit] =
    bytes >= 1e6 ? [bytes / 1e6, 'Mo'] : bytes >= 1e3 ? [bytes / 1e3, 'ko'] : [bytes, 'octets'];
  const shown = new Intl.NumberFormat('fr-FR', {
    maximumFractionDigits: value < 10 && unit !== 'octets' ? 1 : 0,
  })
    .format(value)
    .replace(/\s/g, '\\s');
  return new RegExp(`Taille\\s:\\s${shown}\\s${unit}`);
}

describe('fulfilment journey', () => {
  it('access: form, e-mailed link, start, 1 match, fulfil, review, complete, download, report', async () => {
    const { t, baseUrl } = ui.portal;
    await seedDemoCustomers(t.prisma);
    const subjectRow = await t.prisma.customer.findUniqueOrThrow({
      where: { email: DEMO_SUBJECT },
      include: { orders: true, comments: { orderBy: { createdAt: 'asc' } } },
    });
    expect(subjectRow.comments.length).toBeGreaterThanOrEqual(2);

    // The subject: the form, then the link in the captured e-mail.
    const subject = await ui.newPage();
    await subject.goto(`${baseUrl}/request?type=access`);
    await waitForHeading(subject, 'Faire une demande');
    await subject.fill('#f-details-scope', 'Tout ce que vous avez sur moi');
    await subject.fill('#f-fullName', 'Camille Martin');
    await subject.fill('#f-email', DEMO_SUBJECT);
    await subject.getByRole('button', { name: 'Envoyer ma demande' }).click();
    await waitForHeading(subject, 'Vérifiez votre boîte e-mail');
    const { link, reference } = await verificationMail(t, DEMO_SUBJECT);
    await subject.goto(link);
    await waitForHeading(subject, 'Suivi de votre demande');

    // Staff: start, one match in words, fulfil, watch the run until the package is ready.
    const agent = await ui.newPage();
    await signInStaff(agent, baseUrl, await createStaffUser(t.prisma, { role: 'agent' }));
    await openStaffRequest(agent, baseUrl, reference);
    await agent.getByRole('button', { name: 'Commencer le traitement' }).click();
    await agent.locator('.summary .badge', { hasText: 'En cours' }).waitFor();
    const panel = agent.getByRole('region', { name: 'Exécution' });
    const source = panel
      .getByRole('listitem')
      .filter({ has: agent.getByRole('heading', { name: 'customers' }) });
    await source.getByText('1 enregistrement trouvé', { exact: true }).waitFor();
    await panel.getByText(/^Pas encore exécutée/).waitFor();

    await agent.getByRole('button', { name: 'Exécuter la demande' }).click();
    await panel.getByRole('status').filter({ hasText: 'Exécution terminée : 1 source(s) sur 1.' }).waitFor();
    await source.getByText('Terminée', { exact: true }).waitFor();
    await source
      .getByText(`customer_comments (support) : ${subjectRow.comments.length} lignes`, { exact: true })
      .waitFor();
    const pkg = panel.getByRole('region', { name: 'Dossier à remettre (brouillon)' });
    await pkg.getByText('Prêt', { exact: true }).waitFor();

    // Review: the first comment is left out, with a reason; the package is rebuilt without it.
    const [left, kept] = subjectRow.comments;
    await pkg.getByRole('button', { name: 'Relire customers / customer_comments' }).click();
    const review = pkg.getByRole('region', { name: 'Relecture : customers / customer_comments' });
    const row = review.getByRole('listitem').filter({ hasText: left!.body });
    await row.getByRole('button', { name: 'Exclure la ligne' }).click();
    const dialog = agent.getByRole('dialog', { name: /^Exclure du dossier — Ligne / });
    await dialog.getByLabel('Raison de l’exclusion').fill('Mentionne un autre client.');
    await dialog.getByRole('button', { name: 'Exclure', exact: true }).click();
    await row.getByText('Ligne exclue : Mentionne un autre client.').waitFor();
    const comments = pkg.getByRole('row').filter({ hasText: 'customer_comments' });
    // The "Exclues" column of the table's row.
    await comments.locator('td:nth-child(4)', { hasText: /^1$/ }).waitFor();
    await pkg.getByText('Prêt', { exact: true }).waitFor();

    // Complete with an outcome.
    await agent.getByRole('button', { name: 'Clore la demande' }).click();
    const complete = agent.getByRole('dialog', { name: 'Clore la demande' });
    await complete
      .getByLabel('Réponse au demandeur')
      .fill('Voici vos données : un commentaire a été écarté.');
    await complete.getByRole('button', { name: 'Clore la demande' }).click();
    await agent.locator('.summary .badge', { hasText: 'Traitée' }).waitFor();
    await pkg.getByText('Remis au demandeur', { exact: true }).waitFor();

    // The subject: the file in words, downloaded by keyboard.
    const download = await t.prisma.download.findFirstOrThrow({
      where: { request: { reference } },
      select: { fileName: true, sizeBytes: true, expiresAt: true },
    });
    await subject.reload();
    await waitForHeading(subject, 'Suivi de votre demande');
    const files = subject.getByRole('region', { name: 'Vos fichiers' });
    await files.getByText(download.fileName, { exact: true }).waitFor();
    await files.getByText(frenchSize(Number(download.sizeBytes))).waitFor();
    await files.getByText(`Disponible jusqu’au ${parisDateTime(download.expiresAt)}`).waitFor();
    await files.getByRole('button', { name: `Télécharger ${download.fileName}` }).focus();
    const saving = subject.waitForEvent('download');
    await subject.keyboard.press('Enter');
    const saved = await saving;
    expect(saved.suggestedFilename()).toBe(download.fileName);
    const bytes = readFileSync(await saved.path());
    expect(bytes.length).toBe(Number(download.sizeBytes));
    const zip = await unzip(bytes);

    // report.html, read as a person reads it.
    const report = await ui.newPage();
    await report.setContent(zip.get('report.html')!.toString('utf8'));
    await report.getByRole('heading', { level: 1, name: 'Vos données personnelles' }).waitFor();
    await report
      .getByText(`que ${t.controller.name} détient sur vous, en réponse à votre demande ${reference}`)
      .waitFor();
    const section = (name: string) =>
      report.locator('h2', { hasText: name }).locator('xpath=following-sibling::*[1]');
    await report.getByRole('heading', { level: 2, name: 'Catégories de données' }).waitFor();
    const categories = await section('Catégories de données').getByRole('listitem').allTextContents();
    expect(categories.sort()).toEqual(['billing', 'consent', 'marketing', 'profile', 'support']);
    await report.getByRole('cell', { name: /Commentaires du service client/ }).waitFor();
    await report.getByText('1 élément a été écarté de ce fichier', { exact: false }).waitFor();
    await report.getByRole('heading', { level: 2, name: 'Vos droits' }).waitFor();
    await report
      .getByRole('listitem')
      .filter({ hasText: 'Faire effacer vos données (article 17).' })
      .waitFor();
    await report.getByRole('heading', { level: 2, name: 'Réclamation' }).waitFor();
    await report.getByText(/Commission nationale de l’informatique et des libertés \(CNIL\)/).waitFor();
    await report.getByText('Téléphone : 01 53 73 22 22').waitFor();

    // data.json: the subject's rows, none of the look-alikes', not the row left out.
    const raw = zip.get('data.json')!.toString('utf8');
    const tables = JSON.parse(raw).sources.customers;
    expect(tables.customers.map((c: { email: string }) => c.email)).toEqual([DEMO_SUBJECT]);
    expect(tables.orders.map((o: { number: string }) => o.number).sort()).toEqual(
      subjectRow.orders.map((o) => o.number).sort(),
    );
    expect(tables.customer_comments.map((c: { body: string }) => c.body)).toEqual(
      subjectRow.comments.slice(1).map((c) => c.body),
    );
    expect(raw).toContain(kept!.body);
    expect(raw).not.toContain(left!.body);
    const others = DEMO_CUSTOMERS.filter((c) => c.email !== DEMO_SUBJECT);
    for (const other of others) {
      expect(raw).not.toContain(other.email);
      expect(raw).not.toContain(other.postalAddress);
    }
    expect(raw).not.toContain(LOOK_ALIKES.withoutDots);
  });
});
