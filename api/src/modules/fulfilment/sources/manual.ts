import { LOCALES } from '@dsr/shared/text';
import type { RequestType } from '@dsr/shared/vocabulary';
import type { PrismaClient } from '../../../db/types.ts';
import { appendAudit } from '../../audit/audit.repository.ts';
import type { Localised, ManualSourceConfig } from '../datamap.schema.ts';
import type { CollectAnswer, MatchAnswer, Source, SourceRequest } from './source.ts';

// No automation: a person acts in the other system. collect() (and every type of `types`) opens
// one task per request and source (tasks: unique (requestId, system)) and marks the source waiting;
// closing the task (close-task.ts) settles it.

export interface ManualSourceDeps {
  prisma: PrismaClient;
}

export function createManualSource(config: ManualSourceConfig, deps: ManualSourceDeps): Source {
  return {
    config,
    handles: (type: RequestType) => config.types.includes(type),
    match: async (): Promise<MatchAnswer> => ({ count: null, matches: [] }),
    collect: (request) => openTask(deps.prisma, config, request),
    close: async () => {},
  };
}

/** Both locales of a map text (one string serves every locale; a missing one falls back). */
export function perLocale(text: Localised): { fr: string; en: string } {
  if (typeof text === 'string') return { fr: text, en: text };
  const any = (text.fr ?? text.en) as string;
  return { fr: text.fr ?? any, en: text.en ?? any };
}

/** Opens the task once (a second run answers the same task) and marks the source waiting. */
export async function openTask(
  prisma: PrismaClient,
  config: ManualSourceConfig,
  request: Pick<SourceRequest, 'id'>,
): Promise<CollectAnswer> {
  const instructions = perLocale(config.instructions);
  return prisma.$transaction(async (tx) => {
    const existing = await tx.task.findUnique({
      where: { requestId_system: { requestId: request.id, system: config.name } },
      select: { id: true },
    });
    const task =
      existing ??
      (await tx.task.create({
        data: {
          requestId: request.id,
          system: config.name,
          description: instructions[LOCALES[0]],
          instructions,
        },
        select: { id: true },
      }));
    await tx.fulfilmentSource.upsert({
      where: { requestId_source: { requestId: request.id, source: config.name } },
      create: {
        requestId: request.id,
        source: config.name,
        kind: 'manual',
        state: 'waiting',
        startedAt: new Date(),
      },
      update: {},
    });
    await tx.fulfilmentSource.updateMany({
      where: { requestId: request.id, source: config.name, state: { in: ['pending', 'running'] } },
      data: { state: 'waiting', startedAt: new Date() },
    });
    if (!existing) {
      await appendAudit(tx, {
        requestId: request.id,
        actor: { type: 'system' },
        type: 'task.opened',
        data: { taskId: task.id, system: config.name },
      });
    }
    return { state: 'task', taskId: task.id };
  });
}
