// Sample customers for the built-in customer area (used by `npm run seed:demo` and by tests): French
// names and addresses, twelve years of orders, consent history, marketing preferences, service
// comments, and look-alikes that must never be mixed into another customer's export.
// Deterministic (fixed pseudo-random seed) and re-runnable: each demo customer is upserted by e-mail
// and its orders, consents, preferences and comments are replaced, so a second run gives the same data.
import type { PrismaClient } from '../api/src/db/types.ts';

export interface DemoCustomer {
  email: string;
  fullName: string;
  phone: string;
  postalAddress: string;
  /** Shown by the CLI: why this customer is there. */
  note: string;
}

/** Subject A of the demo, and the people who look like them. */
export const DEMO_SUBJECT = 'camille.martin@example.com';
export const LOOK_ALIKES = {
  sameNameOtherAddress: 'camille.martin@example.net',
  withoutDots: 'camillemartin@example.com',
  plusTag: 'camille.martin+promo@example.com',
  /** Two accounts of one person whose addresses differ only by case: staff see two matches. */
  caseOnly: ['lucas.bernard@example.com', 'Lucas.Bernard@example.com'],
} as const;

export const DEMO_CUSTOMERS: readonly DemoCustomer[] = [
  {
    email: DEMO_SUBJECT,
    fullName: 'Camille Martin',
    phone: '+33 6 12 34 56 78',
    postalAddress: '12 rue des Lilas, 69003 Lyon',
    note: 'the demo subject: try it, also in capitals (Camille.Martin@Example.com)',
  },
  {
    email: LOOK_ALIKES.sameNameOtherAddress,
    fullName: 'Camille Martin',
    phone: '+33 5 56 44 21 09',
    postalAddress: '8 allée des Pins, 33000 Bordeaux',
    note: 'same name, another person in Bordeaux',
  },
  {
    email: LOOK_ALIKES.withoutDots,
    fullName: 'Camille Martin',
    phone: '+33 6 98 76 54 32',
    postalAddress: '3 place Bellecour, 69002 Lyon',
    note: 'address differing only by a dot: another person',
  },
  {
    email: LOOK_ALIKES.plusTag,
    fullName: 'C. Martin',
    phone: '+33 7 11 22 33 44',
    postalAddress: '45 cours Lafayette, 69006 Lyon',
    note: 'address differing only by a +tag: another account',
  },
  {
    email: LOOK_ALIKES.caseOnly[0],
    fullName: 'Lucas Bernard',
    phone: '+33 6 45 67 89 01',
    postalAddress: '27 boulevard Voltaire, 75011 Paris',
    note: 'two accounts whose addresses differ only by case: staff see 2 matches',
  },
  {
    email: LOOK_ALIKES.caseOnly[1],
    fullName: 'Lucas Bernard',
    phone: '+33 6 45 67 89 01',
    postalAddress: '27 bd Voltaire, 75011 Paris',
    note: 'the second account of Lucas Bernard',
  },
  {
    email: 'lea.dubois@example.com',
    fullName: 'Léa Dubois',
    phone: '+33 2 40 12 34 56',
    postalAddress: '5 quai de la Fosse, 44000 Nantes',
    note: 'a long-standing customer',
  },
  {
    email: 'hugo.lefevre@example.org',
    fullName: 'Hugo Lefèvre',
    phone: '+33 3 20 55 66 77',
    postalAddress: '19 rue Nationale, 59000 Lille',
    note: 'a customer who withdrew his newsletter consent',
  },
  {
    email: 'chloe.moreau@example.com',
    fullName: 'Chloé Moreau',
    phone: '+33 4 91 23 45 67',
    postalAddress: '2 rue Paradis, 13001 Marseille',
    note: 'a customer with comments from customer service',
  },
  {
    email: 'theo.girard@example.com',
    fullName: 'Théo Girard',
    phone: '+33 5 61 98 76 54',
    postalAddress: '14 rue d’Alsace-Lorraine, 31000 Toulouse',
    note: 'a recent customer',
  },
];

const PRODUCTS = [
  { sku: 'DJ-16A', name: 'Disjoncteur 16 A', unitPriceCents: 1290 },
  { sku: 'CB-3G25-50', name: 'Câble R2V 3G2,5 (50 m)', unitPriceCents: 8990 },
  { sku: 'PR-DBL', name: 'Prise murale double', unitPriceCents: 1450 },
  { sku: 'TB-2R', name: 'Tableau électrique 2 rangées', unitPriceCents: 6490 },
  { sku: 'IN-VV', name: 'Interrupteur va-et-vient', unitPriceCents: 890 },
  { sku: 'LED-E27', name: 'Ampoule LED E27 9 W', unitPriceCents: 450 },
  { sku: 'GA-20-100', name: 'Gaine ICTA 20 mm (100 m)', unitPriceCents: 3290 },
  { sku: 'DF-NF', name: 'Détecteur de fumée NF', unitPriceCents: 1990 },
] as const;

const COMMENTS = [
  'Colis arrivé endommagé ; renvoi effectué sans frais.',
  'Demande de facture au nom de l’entreprise : facture refaite.',
  'A appelé pour un conseil de pose du tableau électrique.',
  'Retard de livraison signalé, geste commercial de 5 €.',
  'Souhaite être rappelé le matin uniquement.',
];

/** mulberry32: a tiny seeded generator, so every run writes the same history. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const YEAR_MS = 365.25 * 24 * 3600 * 1000;

export interface SeedSummary {
  customers: number;
  orders: number;
}

/** Upserts every demo customer and replaces their history; other customers are left alone. */
export async function seedDemoCustomers(prisma: PrismaClient, now = new Date()): Promise<SeedSummary> {
  let orders = 0;
  for (const [index, demo] of DEMO_CUSTOMERS.entries()) {
    const rand = random(1000 + index);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
    const since = new Date(now.getTime() - (1 + rand() * 11) * YEAR_MS);
    const profile = {
      fullName: demo.fullName,
      phone: demo.phone,
      postalAddress: demo.postalAddress,
      billingAddress: demo.postalAddress,
      restrictedAt: null,
      anonymisedAt: null,
    };
    await prisma.$transaction(async (tx) => {
      const customer = await tx.customer.upsert({
        where: { email: demo.email },
        create: { email: demo.email, createdAt: since, ...profile },
        update: profile,
      });
      const customerId = customer.id;
      await tx.order.deleteMany({ where: { customerId } });
      await tx.consent.deleteMany({ where: { customerId } });
      await tx.marketingPreference.deleteMany({ where: { customerId } });
      await tx.customerComment.deleteMany({ where: { customerId } });

      const count = 2 + Math.floor(rand() * 12);
      const span = now.getTime() - since.getTime();
      const placed = Array.from({ length: count }, () => since.getTime() + rand() * span).sort(
        (a, b) => a - b,
      );
      await tx.order.createMany({
        data: placed.map((at, n) => {
          const items = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => {
            const product = pick(PRODUCTS);
            return { ...product, quantity: 1 + Math.floor(rand() * 4) };
          });
          const placedAt = new Date(at);
          return {
            customerId,
            number: `CMD-${placedAt.getUTCFullYear()}-${String(index + 1).padStart(3, '0')}${String(n + 1).padStart(3, '0')}`,
            placedAt,
            status: rand() < 0.08 ? 'cancelled' : 'delivered',
            totalCents: items.reduce((sum, i) => sum + i.quantity * i.unitPriceCents, 0),
            items,
            billingName: demo.fullName,
            billingAddress: demo.postalAddress,
          };
        }),
      });
      orders += count;

      const consents = [
        { purpose: 'newsletter' as const, granted: true, source: 'signup_form', at: since },
        {
          purpose: 'analytics_cookies' as const,
          granted: rand() < 0.6,
          source: 'cookie_banner',
          at: new Date(since.getTime() + 60_000),
        },
      ];
      if (index === 7 || rand() < 0.3) {
        consents.push({
          purpose: 'newsletter',
          granted: false,
          source: 'unsubscribe_link',
          at: new Date(since.getTime() + span / 2),
        });
      }
      await tx.consent.createMany({ data: consents.map((c) => ({ customerId, ...c })) });
      await tx.marketingPreference.createMany({
        data: (['direct_marketing', 'personalized_offers', 'satisfaction_surveys'] as const).map(
          (purpose) => ({
            customerId,
            purpose,
            optedOut: rand() < 0.3,
            source: 'account_settings',
          }),
        ),
      });
      // The demo subject and Chloé Moreau always have some; others at random.
      const comments = index === 0 ? 2 : index === 8 ? 3 : Math.floor(rand() * 2);
      await tx.customerComment.createMany({
        data: Array.from({ length: comments }, (_, n) => ({
          customerId,
          author: 'Service client',
          body: COMMENTS[(index + n) % COMMENTS.length] as string,
          createdAt: new Date(since.getTime() + ((n + 1) * span) / (comments + 1)),
        })),
      });
    });
  }
  return { customers: DEMO_CUSTOMERS.length, orders };
}
