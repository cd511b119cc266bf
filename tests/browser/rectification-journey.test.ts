import { ISOLECTRA_CONTROLLER } from '@dsr/shared/controller';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultDataMap } from '../../api/src/modules/fulfilment/datamap.ts';
import { LOOK_ALIKES, seedDemoCustomers } from '../../scripts/demo-customers.ts';
import { createStaffUser, randomIp } from '../support/staff.ts';
import { openStaffRequest, signInStaff, usePortalPage, verificationMail, waitForHeading } from './portal.ts';

// A rectification from the subject's status page to staff's review and back: staff see each
// correction beside the value the built-in customer area holds now, accept one and refuse the other
// with a reason; the accepted one is written for this customer only, and the subject's status page
// shows each decision (the refusal with its reason).

const ui = usePortalPage(() => ({ dataMap: defaultDataMap(ISOLECTRA_CONTROLLER) }));
const email = LOOK_ALIKES.plusTag;

beforeAll(async () => {
  await seedDemoCustomers(ui.portal.t.prisma);
});

describe('rectification journey', () => {
  it('staff decide each correction beside its current value; the subject sees each decision', async () => {
    const { t, baseUrl } = ui.portal;
    const before = await t.prisma.customer.findUniqueOrThrow({ where: { email } });
    const others = await t.prisma.customer.findMany({
      where: { email: { not: email } },
      orderBy: { id: 'asc' },
    });
    const filed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/requests',
      remoteAddress: randomIp(),
      payload: {
        type: 'rectification',
        email,
        fullName: 'Camille Martin',
        locale: 'fr',
        details: {
          corrections: [
            { field: 'fullName', correctedValue: 'Camille Martin-Dupuis' },
            { field: 'phone', correctedValue: '+33 6 11 22 33 44' },
          ],
        },
      },
    });
    expect(filed.statusCode, filed.body).toBe(202);
    const { link, reference } = await verificationMail(t, email);
    // The subject opens the link: the request is verified and its status page shown.
    await ui.page.goto(link);
    await waitForHeading(ui.page, 'Suivi de votre demande');

    const staff = await ui.newPage();
    await signInStaff(staff, baseUrl, await createStaffUser(t.prisma, { role: 'agent' }));
    await openStaffRequest(staff, baseUrl, reference);
    await staff.getByRole('button', { name: 'Commencer le traitement' }).click();
    const review = staff.getByRole('region', { name: 'Corrections à décider' });
    const first = review.getByRole('listitem').filter({ hasText: 'Correction 1\u202f: Nom' });
    await first.getByText('Camille Martin-Dupuis', { exact: true }).waitFor({ timeout: 15_000 });
    await first.getByText(`customers: ${before.fullName}`).waitFor({ timeout: 15_000 });
    const second = review.getByRole('listitem').filter({ hasText: 'Correction 2\u202f: Téléphone' });
    await second.getByText(`customers: ${before.phone}`).waitFor({ timeout: 15_000 });

    await first.getByLabel('Accepter').check();
    await second.getByLabel('Refuser').check();
    await second
      .getByLabel('Motif du refus de la correction 2 (la personne le lit)')
      .fill('Ce numéro est celui de votre contrat signé.');
    await review.getByRole('button', { name: 'Appliquer les décisions' }).click();

    await expect
      .poll(async () => (await t.prisma.customer.findUniqueOrThrow({ where: { email } })).fullName, {
        timeout: 15_000,
      })
      .toBe('Camille Martin-Dupuis');
    const after = await t.prisma.customer.findUniqueOrThrow({ where: { email } });
    expect(after.phone).toBe(before.phone);
    // Look-alikes untouched.
    expect(
      await t.prisma.customer.findMany({ where: { email: { not: email } }, orderBy: { id: 'asc' } }),
    ).toEqual(others);

    // The subject's status page says each decision, the refusal with its reason.
    await ui.page.reload();
    const decisions = ui.page.getByRole('region', { name: 'Vos corrections' });
    const item = (text: RegExp) => decisions.getByRole('listitem').filter({ hasText: text });
    await item(/Nom.*Camille Martin-Dupuis.*corrigée/).waitFor({ timeout: 15_000 });
    await item(
      /Téléphone.*\+33 6 11 22 33 44.*refusée\. Motif\u202f: Ce numéro est celui de votre contrat signé\./,
    ).waitFor({
      timeout: 15_000,
    });
  });
});
