import type { ErasureTable } from '@dsr/shared/fulfilment';
import type { SubjectErasure, SubjectErasureItem } from '@dsr/shared/subject-view';
import type { Locale } from '@dsr/shared/text';
import type { Db } from '../../db/types.ts';
import { erasureOf } from './fulfilment-view.ts';

// What an erasure did, in plain words for the subject (their status page and completion mail): per
// source and table what was deleted or anonymised, and each item retained with its date and legal
// basis, never a bare "done". Built from the results kept on the request (fulfilment_sources.result),
// which hold counts, dates and the map's texts only.

const NNBSP = '\u202f';

/** The erasure outcome of a request, or null when it is not an erasure or nothing ran yet. */
export async function loadErasureOutcome(
  db: Db,
  request: { id: string; type: string },
  locale: Locale,
): Promise<SubjectErasure | null> {
  if (request.type !== 'erasure') return null;
  const rows = await db.fulfilmentSource.findMany({
    where: { requestId: request.id, state: 'done' },
    orderBy: { source: 'asc' },
    select: { source: true, kind: true, result: true },
  });
  if (rows.length === 0) return null;
  const erased: SubjectErasureItem[] = [];
  const retained: SubjectErasureItem[] = [];
  for (const row of rows) {
    const tables = erasureOf(row.result);
    if (!tables) {
      // A webhook or manual source: that system erased (its answer or the staff note is the evidence).
      erased.push({
        source: row.source,
        table: null,
        rows: null,
        action: 'erased',
        until: null,
        basis: null,
        message: words(locale).bySystem(row.source),
      });
      continue;
    }
    for (const t of tables) {
      const label = describe(t, locale);
      const removed = t.erased + t.anonymised;
      if (removed > 0) {
        erased.push({
          source: row.source,
          table: t.table,
          rows: removed,
          action: t.anonymised > 0 && t.erased === 0 ? 'anonymised' : 'deleted',
          until: null,
          basis: null,
          message: words(locale).erased(label, t),
        });
      }
      if (t.kept > 0) {
        retained.push({
          source: row.source,
          table: t.table,
          rows: t.kept,
          action: 'kept',
          until: t.keptUntil,
          basis: t.basis,
          message: words(locale).kept(label, t),
        });
      }
    }
  }
  return { erased, retained };
}

/** Lines for the completion mail: what was erased, then each item retained and why. */
export function erasureMailLines(outcome: SubjectErasure | null, locale: Locale): string[] {
  if (!outcome) return [];
  const w = words(locale);
  return [
    ...(outcome.erased.length ? [w.erasedHeading, ...outcome.erased.map((i) => `– ${i.message}`)] : []),
    ...(outcome.retained.length
      ? [w.retainedHeading, ...outcome.retained.map((i) => `– ${i.message}`)]
      : [w.nothingRetained]),
  ];
}

function describe(t: ErasureTable, locale: Locale): string {
  return t.description?.[locale] ?? t.table;
}

function formatDate(date: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', {
    dateStyle: 'long',
    timeZone: 'UTC',
  }).format(new Date(`${date}T00:00:00Z`));
}

function words(locale: Locale) {
  if (locale === 'fr') {
    const n = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
    return {
      erasedHeading: `Données effacées${NNBSP}:`,
      retainedHeading: `Données conservées, et pourquoi${NNBSP}:`,
      nothingRetained: 'Aucune donnée vous concernant n’a été conservée.',
      bySystem: (source: string) => `${source}${NNBSP}: effacement effectué dans ce système.`,
      erased: (label: string, t: ErasureTable) => {
        const parts = [
          ...(t.erased ? [n(t.erased, 'enregistrement supprimé', 'enregistrements supprimés')] : []),
          ...(t.anonymised
            ? [n(t.anonymised, 'enregistrement anonymisé', 'enregistrements anonymisés')]
            : []),
        ];
        return `${label}${NNBSP}: ${parts.join(', ')}.`;
      },
      kept: (label: string, t: ErasureTable) => {
        const count = n(t.kept, 'enregistrement conservé', 'enregistrements conservés');
        if (t.keptUntil && t.basis) {
          return `${label}${NNBSP}: ${count} jusqu’au ${formatDate(t.keptUntil, 'fr')}, car la loi nous oblige à les garder (${t.basis}).`;
        }
        return `${label}${NNBSP}: ${count}, car ces données ne sont pas effacées par notre registre des traitements.`;
      },
    };
  }
  const n = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
  return {
    erasedHeading: 'What we erased:',
    retainedHeading: 'What we kept, and why:',
    nothingRetained: 'We kept no data about you.',
    bySystem: (source: string) => `${source}: erased in that system.`,
    erased: (label: string, t: ErasureTable) => {
      const parts = [
        ...(t.erased ? [n(t.erased, 'record deleted', 'records deleted')] : []),
        ...(t.anonymised ? [n(t.anonymised, 'record anonymised', 'records anonymised')] : []),
      ];
      return `${label}: ${parts.join(', ')}.`;
    },
    kept: (label: string, t: ErasureTable) => {
      const count = n(t.kept, 'record kept', 'records kept');
      if (t.keptUntil && t.basis) {
        return `${label}: ${count} until ${formatDate(t.keptUntil, 'en')}, because the law requires us to keep them (${t.basis}).`;
      }
      return `${label}: ${count}, because our record of processing does not erase this data.`;
    },
  };
}
