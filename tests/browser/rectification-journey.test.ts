import { ISOLECTRA_CONTROLLER } from '@dsr/shared/controller';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultDataMap } from '../../api/src/modules/fulfilment/datamap.ts';
import { LOOK_ALIKES, seedDemoCustomers } from '../../scripts/demo-customers.ts';
import { checkA11y, formatViolations } from '../support/browser.ts';
import { createStaffUser, randomIp } from '../support/staff.ts';
import {
  focusedId,
  openStaffRequest,
  signInStaff,
  usePortalPage,
  verificationMail,
  waitForHeading,
} from './portal.ts';

// A rectification from the subject's status page to staff's review and back: staff see each
// correction beside the value the built-in customer area holds now, accept one and refuse the other
// with a reason; the accepted one is written for this customer only, and the subject's status page
// shows each decision (the refusal with its reason). The same review for an objection: direct
// marketing shown as applied, each other purpose accepted or refused with the compelling legitimate
// grounds, decided with the keyboard alone, and the subject's status page says each decision.

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

  it('staff decide each purpose of an objection with the keyboard; the subject reads the refusal and its grounds', async () => {
    const { t, baseUrl } = ui.portal;
    const subjectEmail = LOOK_ALIKES.sameNameOtherAddress;
    const filed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/requests',
      remoteAddress: randomIp(),
      payload: {
        type: 'objection',
        email: subjectEmail,
        fullName: 'Camille Martin',
        locale: 'fr',
        details: {
          purposes: ['direct_marketing', 'customer_analysis', 'personalized_offers'],
          grounds: 'Je ne veux pas être profilée.',
        },
      },
    });
    expect(filed.statusCode, filed.body).toBe(202);
    const { link, reference } = await verificationMail(t, subjectEmail);
    const subject = await ui.newPage();
    await subject.goto(link);
    await waitForHeading(subject, 'Suivi de votre demande');

    const staff = await ui.newPage();
    await signInStaff(staff, baseUrl, await createStaffUser(t.prisma, { role: 'agent' }));
    await openStaffRequest(staff, baseUrl, reference);
    await staff.getByRole('button', { name: 'Commencer le traitement' }).click();
    const review = staff.getByRole('region', { name: 'Opposition\u202f: décision par finalité' });
    // Direct marketing is not decided here: it was applied at verification.
    await review
      .getByText('prospection commerciale\u202f: appliquée dès la vérification', { exact: false })
      .waitFor({ timeout: 15_000 });
    const analysis = review.getByRole('group', {
      name: 'Décision sur la finalité «\u202fanalyse de la clientèle\u202f»',
    });
    const offers = review.getByRole('group', {
      name: 'Décision sur la finalité «\u202foffres personnalisées\u202f»',
    });
    await analysis.waitFor({ timeout: 15_000 });
    await expect.poll(() => review.getByRole('group').count(), { timeout: 15_000 }).toBe(2);
    const submit = review.getByRole('button', { name: 'Appliquer les décisions' });

    // Nothing chosen: nothing is sent, and the first unanswered purpose says so and takes focus.
    await submit.focus();
    await staff.keyboard.press('Enter');
    const analysisAccept = analysis.getByLabel('Accepter l’opposition');
    await expect.poll(() => analysisAccept.getAttribute('aria-invalid'), { timeout: 15_000 }).toBe('true');
    await expect.poll(() => focusedId(staff), { timeout: 15_000 }).toBe('objection-customer_analysis-accept');
    await analysis.getByText('Ce champ est obligatoire', { exact: false }).waitFor({ timeout: 15_000 });

    // Refuse customer analysis (arrow key within its radio group), accept personalised offers, and
    // submit without the grounds: the grounds field is the one in error, focused.
    await staff.keyboard.press('Space');
    await staff.keyboard.press('ArrowDown');
    await expect
      .poll(() => analysis.getByLabel('Refuser l’opposition').isChecked(), { timeout: 15_000 })
      .toBe(true);
    await offers.getByLabel('Accepter l’opposition').focus();
    await staff.keyboard.press('Space');
    await submit.focus();
    await staff.keyboard.press('Enter');
    const grounds = review.getByLabel(
      'Motifs légitimes et impérieux pour «\u202fanalyse de la clientèle\u202f» (la personne les lit)',
    );
    await expect.poll(() => grounds.getAttribute('aria-invalid'), { timeout: 15_000 }).toBe('true');
    await expect.poll(() => focusedId(staff), { timeout: 15_000 }).toBe('objection-customer_analysis-reason');
    const violations = await checkA11y(staff);
    expect(violations, formatViolations(violations)).toEqual([]);

    const why =
      'Nous analysons les achats pour détecter la fraude au paiement, ce qui protège chaque client.';
    await staff.keyboard.type(why);
    await submit.focus();
    await staff.keyboard.press('Enter');

    // The accepted purpose is applied for this customer; the refused one is not.
    const customer = await t.prisma.customer.findUniqueOrThrow({ where: { email: subjectEmail } });
    const optedOut = async (purpose: 'personalized_offers' | 'customer_analysis') =>
      (
        await t.prisma.marketingPreference.findUnique({
          where: { customerId_purpose: { customerId: customer.id, purpose } },
        })
      )?.optedOut === true;
    await expect.poll(() => optedOut('personalized_offers'), { timeout: 15_000 }).toBe(true);
    expect(await optedOut('customer_analysis')).toBe(false);

    // The subject's status page (its own context) says each decision, the refusal with its grounds.
    await subject.reload();
    const decided = subject.getByRole('region', { name: 'Votre opposition, finalité par finalité' });
    const item = (text: RegExp) => decided.getByRole('listitem').filter({ hasText: text });
    await item(
      new RegExp(`analyse de la clientèle.*refusée\\. Motifs légitimes et impérieux\u202f: ${why}`),
    ).waitFor({ timeout: 15_000 });
    await item(/offres personnalisées.*acceptée/).waitFor({ timeout: 15_000 });
  });
});
