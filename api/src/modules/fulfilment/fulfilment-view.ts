import type { ErasureTable, FulfilmentView } from '@dsr/shared/fulfilment';
import type { RequestType } from '@dsr/shared/request-types';
import type { Db, Prisma } from '../../db/types.ts';
import type { SourceRegistry } from './fulfilment.context.ts';
import { hasFulfilment, sourcesFor } from './plan.ts';

// `fulfilment` in GET /staff/requests/:reference: per source its match, state and result, the
// identifiers staff linked, the manual tasks and the package. Counts and names only besides the
// identifiers staff typed themselves.

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** What a manual task shows staff (the detail's `tasks`, and the answer of closing one). */
export const TASK_VIEW_SELECT = {
  id: true,
  system: true,
  description: true,
  status: true,
  note: true,
  attachmentName: true,
  completedAt: true,
  attachment: { select: { sizeBytes: true } },
  completedBy: { select: { id: true, name: true } },
} as const;

type TaskRow = Prisma.TaskGetPayload<{ select: typeof TASK_VIEW_SELECT }>;

export function toTaskView(task: TaskRow): FulfilmentView['tasks'][number] {
  return {
    id: task.id,
    system: task.system,
    instructions: task.description,
    status: task.status,
    note: task.note,
    attachment: task.attachmentName
      ? { name: task.attachmentName, sizeBytes: Number(task.attachment?.sizeBytes ?? 0) }
      : null,
    completedAt: iso(task.completedAt),
    completedBy: task.completedBy,
  };
}

export async function fulfilmentView(
  db: Db,
  sources: SourceRegistry,
  request: { id: string; type: RequestType; status: string },
): Promise<FulfilmentView> {
  const [rows, identifiers, tasks, pkg, requested] = await Promise.all([
    db.fulfilmentSource.findMany({ where: { requestId: request.id }, orderBy: { source: 'asc' } }),
    db.subjectIdentifier.findMany({ where: { requestId: request.id }, orderBy: { createdAt: 'asc' } }),
    db.task.findMany({
      where: { requestId: request.id },
      orderBy: { createdAt: 'asc' },
      select: TASK_VIEW_SELECT,
    }),
    db.package.findUnique({ where: { requestId: request.id } }),
    db.auditEvent.count({ where: { requestId: request.id, type: 'fulfilment.requested' } }),
  ]);
  const planned = sourcesFor(sources, request.type).map((s) => s.config.name);
  const byName = new Map(rows.map((r) => [r.source, r]));
  const names = [
    ...new Set([
      ...sources.list.filter((s) => s.handles(request.type)).map((s) => s.config.name),
      ...byName.keys(),
    ]),
  ];
  const views = names.map((name) => {
    const row = byName.get(name);
    const kind = (sources.get(name)?.config.kind ?? row?.kind ?? 'manual') as
      | 'postgres'
      | 'webhook'
      | 'manual';
    const tables =
      (row?.result as { tables?: Record<string, { rows?: number; category?: string }> } | null)?.tables ?? {};
    return {
      name,
      kind,
      state: row?.state ?? ('pending' as const),
      matchCount: row?.matchCount ?? null,
      matches: Array.isArray(row?.matches) ? (row.matches as Array<{ key: string; matchedOn: string }>) : [],
      attempts: row?.attempts ?? 0,
      lastError: parseError(row?.lastError ?? null),
      nextAttemptAt: iso(row?.nextAttemptAt),
      tables: Object.entries(tables).map(([table, v]) => ({
        table,
        category: v.category ?? '',
        rows: v.rows ?? 0,
      })),
      finishedAt: iso(row?.finishedAt),
      erasure: erasureOf(row?.result),
    };
  });
  const plannedRows = planned.map((name) => byName.get(name));
  type PackageTables = NonNullable<FulfilmentView['package']>['tables'];
  const summary = (pkg?.summary as { tables?: PackageTables } | null)?.tables;
  return {
    applicable: hasFulfilment(request.type),
    running:
      requested > 0 &&
      plannedRows.some((r) => r === undefined || ['pending', 'running', 'waiting'].includes(r.state)),
    // `start` and linking an identifier enqueue the count; until every planned source has one newer
    // than the last identifier linked, the page keeps reloading (a count from before the link is stale).
    matching:
      ['in_progress', 'awaiting_subject'].includes(request.status) &&
      plannedRows.some((r) => !r?.matchedAt || r.matchedAt < (identifiers.at(-1)?.createdAt ?? r.matchedAt)),
    progress: { done: plannedRows.filter((r) => r?.state === 'done').length, total: planned.length },
    sources: views,
    identifiers: identifiers.map((i) => ({
      id: i.id,
      kind: i.kind,
      value: i.value,
      addedAt: i.createdAt.toISOString(),
    })),
    tasks: tasks.map(toTaskView),
    package: pkg
      ? {
          state: pkg.state,
          fileName: pkg.fileName,
          sizeBytes: pkg.sizeBytes === null ? null : Number(pkg.sizeBytes),
          builtAt: iso(pkg.builtAt),
          releasedAt: iso(pkg.releasedAt),
          tables: summary ?? [],
          lastError: pkg.lastError,
        }
      : null,
  };
}

/** The erasure result a source's row holds (`result.erasure`), or null. */
export function erasureOf(result: unknown): ErasureTable[] | null {
  const erasure = (result as { erasure?: unknown } | null | undefined)?.erasure;
  return Array.isArray(erasure) ? (erasure as ErasureTable[]) : null;
}

/** `lastError` is stored as "<code>: <message>". */
function parseError(value: string | null): { code: string; message: string } | null {
  if (!value) return null;
  const at = value.indexOf(': ');
  return at < 0 ? { code: value, message: '' } : { code: value.slice(0, at), message: value.slice(at + 2) };
}
