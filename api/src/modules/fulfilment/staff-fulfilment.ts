import type {
  addIdentifierBodySchema,
  packageExclusionBodySchema,
  packageRecordsQuerySchema,
} from '@dsr/shared/fulfilment';
import type { StaffRequestDetail } from '@dsr/shared/staff-requests';
import type { z } from 'zod';
import { Prisma } from '../../db/types.ts';
import { AppError } from '../../errors.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { getRequestDetail, requestNotFound } from '../staff-requests/get-request-detail.ts';
import type { StaffActor, StaffRequestsContext } from '../staff-requests/staff-requests.context.ts';
import { matchRequest } from './match.ts';
import { buildsPackage, hasFulfilment } from './plan.ts';
import { markPackageForBuild } from './request-fulfilment.ts';

// Staff use cases around fulfil: matching on demand, linking an identifier, retrying a source, and
// the draft's review (open it, page through its rows, leave a row or fields out). Agents and admins
// act; every role reads. Each mutation is audited with ids and names only; the jobs that follow
// (match, run, package build) are queued by the fulfilment reaction to that audit event.

type Ctx = StaffRequestsContext;
const refuseAuditor = (staff: StaffActor) => {
  if (staff.role === 'auditor')
    throw new AppError('forbidden', 403, 'Auditors read requests; they cannot act on them.');
};

async function requestOf(ctx: Ctx, reference: string) {
  const request = await ctx.prisma.request.findUnique({
    where: { reference },
    select: { id: true, type: true, status: true, version: true },
  });
  if (!request) throw requestNotFound();
  return request;
}

const detail = (ctx: Ctx, staff: StaffActor, reference: string) =>
  getRequestDetail(ctx.prisma, staff, reference, {
    now: ctx.now,
    timeZone: ctx.controller.timeZone,
    sources: ctx.sources,
  });

function assertWorking(request: { type: string; status: string; version: number }) {
  if (!hasFulfilment(request.type as never)) {
    throw new AppError('fulfilment_not_applicable', 422, 'This type of request is answered by staff alone.');
  }
  if (!['verified', 'in_progress', 'awaiting_subject'].includes(request.status)) {
    throw new AppError('action_not_allowed', 422, `Not while the request is ${request.status}.`, {
      current: { status: request.status, version: request.version },
    });
  }
}

/** POST /staff/requests/:reference/fulfilment/match */
export async function recountMatches(
  ctx: Ctx,
  staff: StaffActor,
  reference: string,
): Promise<StaffRequestDetail> {
  refuseAuditor(staff);
  const request = await requestOf(ctx, reference);
  assertWorking(request);
  await matchRequest(ctx, request.id, { type: 'staff', id: staff.id });
  return detail(ctx, staff, reference);
}

/** POST /staff/requests/:reference/identifiers: the value stays on the request, not in the audit. */
export async function addIdentifier(
  ctx: Ctx,
  staff: StaffActor,
  reference: string,
  body: z.output<typeof addIdentifierBodySchema>,
): Promise<StaffRequestDetail> {
  refuseAuditor(staff);
  const request = await requestOf(ctx, reference);
  assertWorking(request);
  const value = body.kind === 'email' ? body.value.toLowerCase() : body.value;
  await ctx.prisma.$transaction(async (tx) => {
    const existing = await tx.subjectIdentifier.findUnique({
      where: { requestId_kind_value: { requestId: request.id, kind: body.kind, value } },
      select: { id: true },
    });
    if (existing) throw new AppError('identifier_exists', 409, 'This identifier is already linked.');
    const created = await tx.subjectIdentifier.create({
      data: { requestId: request.id, kind: body.kind, value, addedById: staff.id },
      select: { id: true },
    });
    await appendAudit(tx, {
      requestId: request.id,
      actor: { type: 'staff', id: staff.id },
      type: 'identifier.added',
      data: { identifierId: created.id, kind: body.kind },
    });
  });
  return detail(ctx, staff, reference);
}

/** POST /staff/requests/:reference/fulfilment/sources/:source/retry: a failed (or stuck waiting) source runs again. */
export async function retrySource(
  ctx: Ctx,
  staff: StaffActor,
  reference: string,
  source: string,
): Promise<StaffRequestDetail> {
  refuseAuditor(staff);
  const request = await requestOf(ctx, reference);
  // `verified`: a source of the run at verification (consent withdrawal, direct-marketing
  // objection) failed; retried as it stands, the request can still complete by itself.
  if (request.status !== 'in_progress' && request.status !== 'verified') {
    throw new AppError('action_not_allowed', 422, `Not while the request is ${request.status}.`, {
      current: { status: request.status, version: request.version },
    });
  }
  await ctx.prisma.$transaction(async (tx) => {
    const reset = await tx.fulfilmentSource.updateMany({
      where: { requestId: request.id, source, state: { in: ['failed', 'waiting'] } },
      data: {
        state: 'pending',
        attempts: 0,
        lastError: null,
        nextAttemptAt: null,
        finishedAt: null,
        result: Prisma.DbNull,
      },
    });
    if (reset.count !== 1) {
      throw new AppError('source_not_retryable', 422, 'Only a failed or waiting source can be retried.');
    }
    if (buildsPackage(request.type)) await markPackageForBuild(tx, request.id);
    await appendAudit(tx, {
      requestId: request.id,
      actor: { type: 'staff', id: staff.id },
      type: 'fulfilment.source_retried',
      data: { source },
    });
  });
  return detail(ctx, staff, reference);
}

/** GET /staff/requests/:reference/package: the draft (or released) ZIP; every opening audited. */
export async function openDraft(ctx: Ctx, staff: StaffActor, reference: string) {
  const request = await requestOf(ctx, reference);
  const pkg = await ctx.prisma.package.findUnique({
    where: { requestId: request.id },
    select: { id: true, blobId: true, fileName: true, state: true },
  });
  const blob =
    pkg?.blobId && (pkg.state === 'ready' || pkg.state === 'released')
      ? await ctx.blobs.stat(pkg.blobId)
      : null;
  if (!pkg?.blobId || !pkg.fileName || !blob)
    throw new AppError('not_found', 404, 'No package has been built yet.');
  await appendAudit(ctx.prisma, {
    requestId: request.id,
    actor: { type: 'staff', id: staff.id },
    type: 'download.fetched',
    data: { packageId: pkg.id, by: 'staff' },
  });
  return { fileName: pkg.fileName, size: blob.sizeBytes, stream: await ctx.blobs.read(pkg.blobId) };
}

/** GET /staff/requests/:reference/package/records */
export async function listRecords(
  ctx: Ctx,
  reference: string,
  query: z.output<typeof packageRecordsQuerySchema>,
) {
  const request = await requestOf(ctx, reference);
  const rows = await ctx.prisma.fulfilmentRecord.findMany({
    where: {
      requestId: request.id,
      source: query.source,
      table: query.table,
      ...(query.cursor ? { id: { gt: BigInt(query.cursor) } } : {}),
    },
    orderBy: { id: 'asc' },
    take: query.limit + 1,
    select: {
      id: true,
      source: true,
      table: true,
      data: true,
      excluded: true,
      excludedFields: true,
      exclusionReason: true,
    },
  });
  const page = rows.slice(0, query.limit);
  return {
    items: page.map((r) => ({ ...r, id: r.id.toString(), data: (r.data ?? {}) as Record<string, unknown> })),
    nextCursor: rows.length > query.limit ? page[page.length - 1]!.id.toString() : null,
  };
}

/** POST /staff/requests/:reference/package/exclusions: Art. 15(4), then the package is rebuilt. */
export async function excludeRecord(
  ctx: Ctx,
  staff: StaffActor,
  reference: string,
  body: z.output<typeof packageExclusionBodySchema>,
): Promise<StaffRequestDetail> {
  refuseAuditor(staff);
  const request = await requestOf(ctx, reference);
  if (request.status !== 'in_progress' || !buildsPackage(request.type)) {
    throw new AppError(
      'action_not_allowed',
      422,
      'The draft is reviewed while an access or portability request is in progress.',
      {
        current: { status: request.status, version: request.version },
      },
    );
  }
  const id = BigInt(body.recordId);
  await ctx.prisma.$transaction(async (tx) => {
    const record = await tx.fulfilmentRecord.findFirst({
      where: { id, requestId: request.id },
      select: { id: true, excludedFields: true },
    });
    if (!record) throw new AppError('not_found', 404, 'No such row in this draft.');
    // The reason is staff's own words about the case: it stays on the record, the audit keeps names.
    await tx.fulfilmentRecord.update({
      where: { id },
      data: body.fields
        ? {
            excludedFields: [...new Set([...record.excludedFields, ...body.fields])],
            exclusionReason: body.reason,
          }
        : { excluded: true, exclusionReason: body.reason },
    });
    await markPackageForBuild(tx, request.id);
    await appendAudit(tx, {
      requestId: request.id,
      actor: { type: 'staff', id: staff.id },
      type: 'fulfilment.record_excluded',
      data: { recordId: body.recordId, ...(body.fields ? { fields: body.fields } : { row: true }) },
    });
  });
  return detail(ctx, staff, reference);
}
