import { ConfigError } from '../../../config.ts';
import type { DataMap, SourceConfig } from '../datamap.schema.ts';
import { createManualSource, type ManualSourceDeps } from './manual.ts';
import { createPostgresSource, type PostgresSourceDeps } from './postgres.ts';
import type { Source } from './source.ts';
import { createWebhookSource, type WebhookSourceDeps } from './webhook.ts';

// One Source per data map entry, built by the factory registered for its kind. A kind plugs in with
// one line in SOURCE_KINDS (its factory takes its own config and the shared deps).

/** What any source may need from the running portal; kinds add their own fields here. */
export interface SourceDeps extends PostgresSourceDeps, WebhookSourceDeps, ManualSourceDeps {}

export type SourceFactory<K extends SourceConfig['kind']> = (
  config: Extract<SourceConfig, { kind: K }>,
  deps: SourceDeps,
) => Source;

export type SourceKinds = { [K in SourceConfig['kind']]?: SourceFactory<K> };

export const SOURCE_KINDS: SourceKinds = {
  postgres: createPostgresSource,
  webhook: createWebhookSource,
  manual: createManualSource,
};

export interface Sources {
  /** In map order. */
  readonly list: readonly Source[];
  get(name: string): Source | undefined;
  /** Closes every source's connections. */
  close(): Promise<void>;
}

export function createSources(
  dataMap: DataMap,
  deps: SourceDeps,
  kinds: SourceKinds = SOURCE_KINDS,
): Sources {
  const list = dataMap.sources.map((config) => {
    const factory = kinds[config.kind] as SourceFactory<typeof config.kind> | undefined;
    if (!factory)
      throw new ConfigError(`DATA_MAP: source "${config.name}": kind ${config.kind} is not available`);
    return factory(config, deps);
  });
  const byName = new Map(list.map((source) => [source.config.name, source]));
  return {
    list,
    get: (name) => byName.get(name),
    async close() {
      await Promise.allSettled(list.map((source) => source.close()));
    },
  };
}
