import type { RectificationReview, RectifyField } from '@dsr/shared/fulfilment';
import type { Locale } from '@dsr/shared/text';
import type { PrismaClient } from '../../db/types.ts';
import { AppError } from '../../errors.ts';
import type { DataMap, SourceConfig } from './datamap.schema.ts';
import { correctionsOf, decisionsOf, OTHER_FIELD } from './effects.ts';
import type { SourceRegistry } from './fulfilment.context.ts';
import { perLocale } from './sources/manual.ts';
import { SourceError } from './sources/source.ts';
import { loadSubject } from './subject-identity.ts';

// Rectification: the fields the form offers come from the data map (columns marked `rectify: true`,
// by their labels; one entry per column name across sources), and staff review each correction
// beside the value each source holds now, read live when they open the review.

export function rectifyFields(sources: readonly SourceConfig[]): RectifyField[] {
  const out = new Map<string, RectifyField>();
  for (const source of sources) {
    if (source.kind !== 'postgres') continue;
    for (const rule of Object.values(source.tables)) {
      for (const [field, f] of Object.entries(rule.fields)) {
        if (!f.rectify || f.exclude || out.has(field)) continue;
        out.set(field, { field, label: f.label ? perLocale(f.label) : { fr: field, en: field } });
      }
    }
  }
  return [...out.values()];
}

export async function rectificationReview(
  deps: { prisma: PrismaClient; sources: SourceRegistry; dataMap: DataMap; now: Date },
  reference: string,
  locale: Locale,
): Promise<RectificationReview> {
  const row = await deps.prisma.request.findUnique({
    where: { reference },
    select: { id: true, type: true },
  });
  if (!row) throw new AppError('not_found', 404, 'No request has this reference.');
  if (row.type !== 'rectification') {
    throw new AppError('fulfilment_not_applicable', 422, 'This request is not a rectification.');
  }
  const loaded = await loadSubject(deps.prisma, row.id);
  if (!loaded) throw new AppError('not_found', 404, 'No request has this reference.');
  const corrections = correctionsOf(loaded.request.details);
  const decisions = decisionsOf(loaded.request.outcomeData);
  const labels = new Map(rectifyFields(deps.dataMap.sources).map((f) => [f.field, f.label[locale]]));
  const fields = [...new Set(corrections.map((c) => c.field).filter((f) => labels.has(f)))];
  const current = new Map<string, Array<{ source: string; values: string[] }>>();
  const unreadable: Array<{ source: string; code: string }> = [];
  const ctx = { now: deps.now, signal: AbortSignal.timeout(30_000) };
  for (const source of deps.sources.list) {
    if (!source.currentValues || fields.length === 0) continue;
    try {
      const values = await source.currentValues(loaded.subject, fields, ctx);
      for (const [field, list] of Object.entries(values)) {
        current.set(field, [...(current.get(field) ?? []), { source: source.config.name, values: list }]);
      }
    } catch (error) {
      unreadable.push({
        source: source.config.name,
        code: error instanceof SourceError ? error.code : 'source_unreachable',
      });
    }
  }
  return {
    corrections: corrections.map((c, index) => {
      const decision = decisions.find((d) => d.index === index);
      const automatic = c.field !== OTHER_FIELD && labels.has(c.field);
      return {
        index,
        field: c.field,
        label: labels.get(c.field) ?? c.field,
        statedValue: c.currentValue ?? null,
        correctedValue: c.correctedValue,
        current: automatic ? (current.get(c.field) ?? []) : [],
        unreadable: automatic ? unreadable : [],
        automatic,
        decision: decision ? { accept: decision.accept, reason: decision.reason ?? null } : null,
      };
    }),
  };
}
