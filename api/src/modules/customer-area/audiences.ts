import type { Db } from '../../db/types.ts';

// The built-in customer area's marketing and analysis queries. They read the views of migration
// `customer_audiences`, which leave out restricted (Art. 18) and anonymised customers and those
// who objected to the purpose (Art. 21): a restriction or an objection applied by fulfilment is
// honoured here at once. Other systems reading this database use the same views, or
// `SELECT dsr_is_restricted($1)` for one address.

export interface AudienceMember {
  id: string;
  email: string;
  fullName: string | null;
}

/** Customers a marketing campaign may address. */
export function marketingAudience(db: Db): Promise<AudienceMember[]> {
  return db.$queryRaw<AudienceMember[]>`
    SELECT id::text AS id, email, "fullName" FROM customer_marketing_audience ORDER BY email`;
}

/** Customers an analysis may include (ids only). */
export async function analysisPopulation(db: Db): Promise<string[]> {
  const rows = await db.$queryRaw<Array<{ id: string }>>`
    SELECT id::text AS id FROM customer_analysis_population ORDER BY id`;
  return rows.map((r) => r.id);
}

/** Whether the customer with this address is restricted (case-insensitive). */
export async function isRestricted(db: Db, email: string): Promise<boolean> {
  const [row] = await db.$queryRaw<Array<{ restricted: boolean }>>`
    SELECT dsr_is_restricted(${email}) AS restricted`;
  return row?.restricted === true;
}
