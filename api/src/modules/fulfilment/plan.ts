import type { RequestType } from '@dsr/shared/request-types';
import { EFFECT_TYPES } from './effects.ts';
import type { SourceRegistry } from './fulfilment.context.ts';
import type { Source } from './sources/source.ts';

// Which sources a request's `fulfil` runs, per type. Access and portability collect from every source
// that handles them; rectification and the effect types (effects.ts) run postgres sources too (their
// rectify / applyEffects). Other types run only their webhook and manual sources.

/** Types whose `fulfil` builds a package the subject downloads. */
export const PACKAGE_TYPES: readonly RequestType[] = ['access', 'portability'];
/** Types answered by staff alone: no `fulfil`, `complete` waits for nothing. */
export const STAFF_ONLY_TYPES: readonly RequestType[] = ['information', 'automated_decision'];

export const buildsPackage = (type: RequestType): boolean => PACKAGE_TYPES.includes(type);
export const hasFulfilment = (type: RequestType): boolean => !STAFF_ONLY_TYPES.includes(type);

export function sourcesFor(sources: SourceRegistry, type: RequestType): Source[] {
  if (!hasFulfilment(type)) return [];
  return sources.list.filter(
    (source) =>
      source.handles(type) &&
      (buildsPackage(type) ||
        EFFECT_TYPES.includes(type) ||
        source.config.kind !== 'postgres' ||
        (type === 'erasure' && !!source.erase)),
  );
}
