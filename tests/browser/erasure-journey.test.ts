import { describe, it } from 'vitest';
import { DEMO_SUBJECT, seedDemoCustomers } from '../../scripts/demo-customers.ts';
import { createStaffUser } from '../support/staff.ts';
import { openStaffRequest, signInStaff, usePortal, verificationMail, waitForHeading } from './portal.ts';

// Erasure in a real browser against the real portal and its built-in customer area (demo seed plus
// one order past the billing retention): the subject files, staff see the dry run, run it, see what
// it did per table, complete; the subject's status page says what was erased and what was kept,
// until when and why.

const YEAR_MS = 365.25 * 86_400_000;
const ui = usePortal();

describe('erasure journey', () => {
  it('dry run → run → result in the staff panel; the status page shows what was kept and why', async () => {
    const { t, baseUrl } = ui.portal;
    await seedDemoCustomers(t.prisma);
    const camille = await t.prisma.customer.findUniqueOrThrow({
      where: { email: DEMO_SUBJECT },
      include: { orders: true },
    });
    await t.prisma.order.create({
      data: {
        customerId: camille.id,
        number: 'CMD-OLD-0001',
        placedAt: new Date(Date.now() - 12 * YEAR_MS),
        status: 'paid',
        totalCents: 1234,
      },
    });
    const cutoff = Date.now() - 10 * YEAR_MS;
    const kept = camille.orders.filter((o) => o.placedAt.getTime() > cutoff).length;
    const erased = camille.orders.length + 1 - kept;

    const subject = await ui.newPage();
    await subject.goto(`${baseUrl}/request?type=erasure`);
    await waitForHeading(subject, 'Faire une demande');
    await subject.fill('#f-fullName', 'Camille Martin');
    await subject.fill('#f-email', DEMO_SUBJECT);
    await subject.getByRole('button', { name: 'Envoyer ma demande' }).click();
    await waitForHeading(subject, 'Vérifiez votre boîte e-mail');
    const { link, reference } = await verificationMail(t, DEMO_SUBJECT);
    await subject.goto(link);
    await waitForHeading(subject, 'Suivi de votre demande');

    const agent = await ui.newPage();
    await signInStaff(agent, baseUrl, await createStaffUser(t.prisma, { role: 'agent' }));
    await openStaffRequest(agent, baseUrl, reference);
    await agent.getByRole('button', { name: 'Commencer le traitement' }).click();
    await agent.locator('.summary .badge', { hasText: 'En cours' }).waitFor({ timeout: 15_000 });
    const panel = agent.getByRole('region', { name: 'Exécution' });

    // The dry run: counts per table, nothing changed.
    await panel.getByRole('button', { name: 'Voir la simulation' }).click();
    const plan = panel.getByRole('table', { name: 'customers\u202f: ce que l’effacement ferait' });
    const planOrders = plan.getByRole('row').filter({ hasText: 'orders' });
    await planOrders
      .locator('td:nth-child(2)', { hasText: new RegExp(`^${erased}$`) })
      .waitFor({ timeout: 15_000 });
    await planOrders
      .locator('td:nth-child(4)', { hasText: new RegExp(`^${kept}$`) })
      .waitFor({ timeout: 15_000 });
    await planOrders.getByText(/Code de commerce, art\. L123-22/).waitFor({ timeout: 15_000 });

    // The run, then what it did: the same numbers.
    await agent.getByRole('button', { name: 'Exécuter la demande' }).click();
    const result = panel.getByRole('table', { name: 'customers\u202f: ce que l’effacement a fait' });
    const resultOrders = result.getByRole('row').filter({ hasText: 'orders' });
    await resultOrders
      .locator('td:nth-child(2)', { hasText: new RegExp(`^${erased}$`) })
      .waitFor({ timeout: 30_000 });
    await resultOrders
      .locator('td:nth-child(4)', { hasText: new RegExp(`^${kept}$`) })
      .waitFor({ timeout: 15_000 });
    const profile = result.getByRole('row').filter({ hasText: /^customers/ });
    await profile.locator('td:nth-child(3)', { hasText: /^1$/ }).waitFor({ timeout: 15_000 });

    await agent.getByRole('button', { name: 'Clore la demande' }).click();
    const complete = agent.getByRole('dialog', { name: 'Clore la demande' });
    await complete.getByLabel('Réponse au demandeur').fill('Vos données sont effacées, sauf vos factures.');
    await complete.getByRole('button', { name: 'Clore la demande' }).click();
    await agent.locator('.summary .badge', { hasText: 'Traitée' }).waitFor({ timeout: 15_000 });

    // The subject: what was erased, and each item kept with its date and reason.
    await subject.reload();
    await waitForHeading(subject, 'Suivi de votre demande');
    const outcome = subject.getByRole('region', {
      name: 'Ce que nous avons effacé et ce que nous avons conservé',
    });
    await outcome
      .getByText(
        /^Commandes et factures\u202f: \d+ enregistrements? conservés? jusqu’au .+, car la loi nous oblige à les garder \(Code de commerce, art\. L123-22\)\.$/,
      )
      .waitFor({ timeout: 15_000 });
    await outcome
      .getByText('Profil client\u202f: 1 enregistrement anonymisé.', { exact: true })
      .waitFor({ timeout: 15_000 });
  });
});
