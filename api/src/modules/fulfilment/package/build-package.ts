import { Readable } from 'node:stream';
import type { RequestType } from '@dsr/shared/request-types';
import { asLocale } from '@dsr/shared/text';
import yazl from 'yazl';
import { appendAudit } from '../../audit/audit.repository.ts';
import type { FulfilmentContext } from '../fulfilment.context.ts';
import { tableCsv } from './csv.ts';
import { dataJson } from './data-json.ts';
import { dataSchema } from './json-schema.ts';
import { localised, type ReportTable, renderReport } from './report.ts';
import { scanPackage, type TableScan } from './scan.ts';

// The access / portability ZIP, streamed into a blob: data.json + data.schema.json, one CSV per
// table, files attached to manual tasks, and report.html. Portability keeps the format asked for
// (json or csv; report.html always). A build belongs to one generation of the package: if staff
// asked for another meanwhile (an exclusion, a retry), this one's blob is dropped.

export async function buildPackage(
  ctx: FulfilmentContext,
  requestId: string,
): Promise<'ready' | 'superseded'> {
  const { prisma, blobs } = ctx;
  const pkg = await prisma.package.findUnique({
    where: { requestId },
    select: { id: true, state: true, generation: true, blobId: true },
  });
  if (!pkg || (pkg.state !== 'building' && pkg.state !== 'failed')) return 'superseded';
  const request = await prisma.request.findUniqueOrThrow({
    where: { id: requestId },
    select: { reference: true, type: true, details: true, locale: true, receivedAt: true, verifiedAt: true },
  });
  const generatedAt = new Date();
  try {
    const scans = withEmptyTables(await scanPackage(prisma, requestId), await sourceTables(ctx, requestId));
    const { entries, report } = await contents(ctx, requestId, request, scans, generatedAt);
    const zip = new yazl.ZipFile();
    for (const entry of entries) {
      zip.addReadStreamLazy(entry.name, { mtime: generatedAt }, (cb) => {
        const stream = Readable.from(entry.content());
        stream.on('error', (err) => zip.outputStream.emit('error', err));
        cb(null, stream);
      });
    }
    zip.addBuffer(Buffer.from(report), 'report.html', { mtime: generatedAt });
    zip.end();
    const blob = await blobs.write(zip.outputStream as AsyncIterable<Buffer>, {
      contentType: 'application/zip',
    });
    const tables = scans.map((s) => ({
      source: s.source,
      table: s.table,
      rows: s.rows,
      excluded: s.excluded,
    }));
    const won = await prisma.$transaction(async (tx) => {
      const updated = await tx.package.updateMany({
        where: { id: pkg.id, generation: pkg.generation, state: { in: ['building', 'failed'] } },
        data: {
          state: 'ready',
          blobId: blob.id,
          fileName: `${request.reference}.zip`,
          sizeBytes: BigInt(blob.sizeBytes),
          summary: { tables },
          lastError: null,
          builtAt: generatedAt,
        },
      });
      if (updated.count !== 1) return false;
      await appendAudit(tx, {
        requestId,
        actor: { type: 'system' },
        type: 'fulfilment.package_ready',
        data: { generation: pkg.generation, sizeBytes: blob.sizeBytes, sha256: blob.sha256 },
      });
      return true;
    });
    if (!won) {
      await blobs.delete(blob.id);
      return 'superseded';
    }
    // The previous draft (never released: a released package is not rebuilt) goes.
    if (pkg.blobId && pkg.blobId !== blob.id) await blobs.delete(pkg.blobId);
    return 'ready';
  } catch (err) {
    await prisma.package.updateMany({
      where: { id: pkg.id, generation: pkg.generation },
      data: { state: 'failed', lastError: 'The package could not be built; it will be retried.' },
    });
    throw err;
  }
}

interface Entry {
  name: string;
  content: () => AsyncIterable<string | Buffer>;
}

async function contents(
  ctx: FulfilmentContext,
  requestId: string,
  request: {
    reference: string;
    type: RequestType;
    details: unknown;
    locale: string;
    receivedAt: Date;
    verifiedAt: Date | null;
  },
  scans: Array<TableScan & { category?: string | undefined }>,
  generatedAt: Date,
): Promise<{ entries: Entry[]; report: string }> {
  const { prisma, blobs, controller } = ctx;
  const format = request.type === 'portability' ? detailsFormat(request.details) : 'all';
  const locale = asLocale(request.locale);
  const entries: Entry[] = [];
  const header = {
    controller: {
      name: controller.name,
      contactEmail: controller.contactEmail,
      postalAddress: controller.postalAddress,
    },
    request: {
      reference: request.reference,
      type: request.type,
      receivedAt: request.receivedAt.toISOString(),
      verifiedAt: request.verifiedAt?.toISOString() ?? null,
    },
    generatedAt: generatedAt.toISOString(),
  };
  const json = format !== 'csv';
  const csv = format !== 'json';
  if (json) {
    entries.push({ name: 'data.json', content: () => dataJson(prisma, requestId, header, scans) });
    entries.push({
      name: 'data.schema.json',
      content: async function* () {
        yield `${JSON.stringify(dataSchema(scans), null, 2)}\n`;
      },
    });
  }
  const csvPath = (s: TableScan) => `${s.source}/${s.table}.csv`;
  if (csv)
    for (const s of scans) entries.push({ name: csvPath(s), content: () => tableCsv(prisma, requestId, s) });
  const tasks = await prisma.task.findMany({
    where: { requestId, attachmentId: { not: null } },
    orderBy: { createdAt: 'asc' },
    select: { system: true, attachmentId: true, attachmentName: true },
  });
  const attachments = tasks.map((task) => ({
    name: `attachments/${safeName(task.system)}/${safeName(task.attachmentName ?? 'file')}`,
    blobId: task.attachmentId!,
  }));
  for (const a of attachments)
    entries.push({
      name: a.name,
      content: async function* () {
        yield* await blobs.read(a.blobId);
      },
    });
  const tables: ReportTable[] = scans.map((s) => {
    const rule = tableRule(ctx, s.source, s.table);
    return {
      source: s.source,
      table: s.table,
      description: localised(rule?.description, locale),
      category: rule?.category ?? s.category ?? 'other',
      rows: s.rows,
      retention: rule?.retention ?? null,
      files: [...(json ? ['data.json'] : []), ...(csv ? [csvPath(s)] : [])],
    };
  });
  const report = renderReport({
    locale,
    controller,
    reference: request.reference,
    receivedAt: request.receivedAt,
    generatedAt,
    publicUrl: ctx.publicUrl,
    tables,
    attachments: attachments.map((a) => a.name),
    excludedRows: scans.reduce((n, s) => n + s.excluded, 0),
  });
  return { entries, report };
}

function tableRule(ctx: FulfilmentContext, source: string, table: string) {
  const config = ctx.sources.get(source)?.config;
  return config?.kind === 'postgres' ? config.tables[table] : undefined;
}

/** Tables a source reported (with their category) but that hold no row: listed with 0 rows. */
async function sourceTables(ctx: FulfilmentContext, requestId: string) {
  const rows = await ctx.prisma.fulfilmentSource.findMany({
    where: { requestId },
    orderBy: { source: 'asc' },
    select: { source: true, result: true },
  });
  return rows.flatMap((r) => {
    const tables = (r.result as { tables?: Record<string, { category?: string }> } | null)?.tables ?? {};
    return Object.entries(tables).map(([table, v]) => ({ source: r.source, table, category: v.category }));
  });
}

function withEmptyTables(
  scans: TableScan[],
  reported: Array<{ source: string; table: string; category: string | undefined }>,
): Array<TableScan & { category?: string | undefined }> {
  const all: Array<TableScan & { category?: string | undefined }> = scans.map((s) => ({
    ...s,
    category: reported.find((r) => r.source === s.source && r.table === s.table)?.category,
  }));
  for (const r of reported) {
    if (!all.some((s) => s.source === r.source && s.table === r.table)) {
      all.push({
        source: r.source,
        table: r.table,
        rows: 0,
        excluded: 0,
        columns: new Map(),
        category: r.category,
      });
    }
  }
  return all.sort((a, b) =>
    a.source === b.source ? a.table.localeCompare(b.table) : a.source.localeCompare(b.source),
  );
}

function detailsFormat(details: unknown): 'json' | 'csv' {
  const format = (details as { format?: unknown } | null)?.format;
  return format === 'csv' ? 'csv' : 'json';
}

/** A file or folder name inside the ZIP: no path separators, no traversal, printable. */
const safeName = (name: string): string =>
  name
    .replace(/[/\\]/g, '_')
    .replace(/^\.+/, '_')
    .replace(/[^\p{L}\p{N} ._()-]/gu, '_')
    .slice(0, 120) || 'file';
