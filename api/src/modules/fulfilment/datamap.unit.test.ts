// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the data map writes ${VAR} as literal text
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ISOLECTRA_CONTROLLER } from '@dsr/shared/controller';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config.ts';
import { loadDataMap } from './datamap.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'dsr-datamap-'));
let files = 0;
function mapFile(content: unknown, ext = 'json'): string {
  const file = path.join(dir, `map-${++files}.${ext}`);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

const shop = (overrides: Record<string, unknown> = {}) => ({
  name: 'shop',
  kind: 'postgres',
  url: 'postgresql://shop@db.internal/shop',
  subject: { table: 'customers', key: 'id', email: 'email' },
  tables: {
    customers: { category: 'profile', erase: 'anonymise' },
    orders: { link: { column: 'customer_id', references: 'customers.id' }, category: 'billing' },
  },
  ...overrides,
});

/** The ConfigError message of loading this content as a map. */
function problems(content: unknown, env: Record<string, string> = {}): string {
  const file = mapFile(content);
  try {
    loadDataMap(file, env, ISOLECTRA_CONTROLLER);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message.split('\n')[0]).toBe(`DATA_MAP ${file} is invalid:`);
    return message;
  }
  throw new Error('the map was accepted');
}

describe('loadDataMap', () => {
  it('describes the built-in customer area when DATA_MAP is unset', () => {
    const map = loadDataMap(undefined, {}, ISOLECTRA_CONTROLLER);
    const [builtin] = map.sources;
    expect(map.sources).toHaveLength(1);
    if (builtin?.kind !== 'postgres') throw new Error('expected a postgres source');
    expect(builtin.url).toBe('builtin');
    expect(Object.keys(builtin.tables)).toEqual([
      'customers',
      'orders',
      'consents',
      'marketing_preferences',
      'customer_comments',
    ]);
    expect(builtin.tables.orders?.retention).toEqual({
      years: ISOLECTRA_CONTROLLER.retention.billingRecordsYears,
      from: 'placedAt',
      basis: 'Code de commerce, art. L123-22',
    });
    expect(builtin.tables.customers?.fields.fullName).toMatchObject({ rectify: true, label: { fr: 'Nom' } });
    expect(builtin.effects.objection?.direct_marketing).toMatchObject({
      table: 'marketing_preferences',
      where: { purpose: 'direct_marketing' },
      set: { optedOut: true },
    });
    expect(builtin.effects.consent_withdrawal?.newsletter).toMatchObject({ table: 'consents', insert: true });
  });

  it('takes the billing retention from the controller file', () => {
    const controller = {
      ...ISOLECTRA_CONTROLLER,
      retention: { ...ISOLECTRA_CONTROLLER.retention, billingRecordsYears: 6 },
    };
    const builtin = loadDataMap(undefined, {}, controller).sources[0];
    expect(builtin?.kind === 'postgres' && builtin.tables.orders?.retention?.years).toBe(6);
  });

  it('reads YAML and JSON, expanding ${VAR} from the environment given by the config', () => {
    const yaml = mapFile(
      [
        'sources:',
        '  - name: crm',
        '    kind: webhook',
        '    url: ${CRM_URL}/dsr',
        '    secret: ${CRM_SECRET}',
        '    types: [access, erasure]',
        '  - name: shop',
        '    kind: postgres',
        '    url: ${SHOP_DATABASE_URL}',
        '    subject: { table: customers, key: id, email: email }',
        '    tables:',
        '      customers: { category: profile }',
        '    effects:',
        '      restriction: { table: customers, set: { restricted_on: "${now}" } }',
      ].join('\n'),
      'yaml',
    );
    const config = loadConfig({
      DATA_MAP: yaml,
      CRM_URL: 'https://crm.example',
      CRM_SECRET: 'a webhook secret of some length',
      SHOP_DATABASE_URL: 'postgresql://shop@db/shop',
    });
    expect(config.dataMapPath).toBe(yaml);
    const map = loadDataMap(config.dataMapPath, config.environment, ISOLECTRA_CONTROLLER);
    expect(map.sources[0]).toMatchObject({
      url: 'https://crm.example/dsr',
      secret: 'a webhook secret of some length',
    });
    // Effect placeholders are filled in when the effect runs, not read from the environment.
    expect(map.sources[1]).toMatchObject({
      url: 'postgresql://shop@db/shop',
      schema: 'public',
      effects: { restriction: { set: { restricted_on: '${now}' } } },
    });
    expect(loadDataMap(mapFile({ sources: [shop()] }), {}, ISOLECTRA_CONTROLLER).sources[0]?.name).toBe(
      'shop',
    );
  });

  it('names the key path of an unset variable', () => {
    const message = problems({ sources: [shop({ url: '${SHOP_DATABASE_URL}' })] });
    expect(message).toContain('  sources.0.url: environment variable SHOP_DATABASE_URL is not set');
  });

  it('names the key path of an unknown key and of a link to an unlisted table', () => {
    const message = problems({
      sources: [
        shop({
          tables: {
            customers: { category: 'profile', colour: 'red' },
            orders: { link: { column: 'customer_id', references: 'clients.id' }, category: 'billing' },
          },
        }),
      ],
    });
    expect(message).toMatch(/^ {2}sources\.0\.tables\.customers: .*"colour"/m);
    expect(message).toContain(
      '  sources.0.tables.orders.link.references: "clients" is not listed under tables',
    );
  });

  it('refuses a table without a link, links in a circle and an effect on an unlisted table', () => {
    const message = problems({
      sources: [
        shop({
          tables: {
            customers: { category: 'profile' },
            orders: { category: 'billing' },
            a: { link: { column: 'b_id', references: 'b.id' }, category: 'x' },
            b: { link: { column: 'a_id', references: 'a.id' }, category: 'x' },
          },
          effects: { restriction: { table: 'accounts', set: { restricted: true } } },
        }),
      ],
    });
    expect(message).toContain(
      '  sources.0.tables.orders.link: Required: how this table reaches the subject table',
    );
    expect(message).toContain(
      '  sources.0.tables.a.link.references: The links from "a" go round in a circle',
    );
    expect(message).toContain('  sources.0.effects.restriction.table: "accounts" is not listed under tables');
  });

  it('refuses a postgres url that is neither builtin nor a connection URL', () => {
    expect(problems({ sources: [shop({ url: 'db.internal/shop' })] })).toContain(
      '  sources.0.url: Expected builtin or a postgresql:// connection URL',
    );
  });

  it('refuses identifiers that are not plain SQL names, wherever they appear', () => {
    const hostile = 'orders"; DROP TABLE customers; --';
    const message = problems({
      sources: [
        shop({
          schema: 'public; DROP SCHEMA public',
          subject: { table: 'customers', key: 'id', email: 'lower(email)' },
          tables: {
            customers: { category: 'profile', fields: { 'x" OR 1=1': { exclude: true } } },
            [hostile]: { link: { column: 'customer_id', references: 'customers.id' }, category: 'billing' },
          },
        }),
      ],
    });
    expect(message).toContain('  sources.0.schema: Expected a plain SQL identifier');
    expect(message).toContain('  sources.0.subject.email: Expected a plain SQL identifier');
    expect(message).toContain('  sources.0.tables.customers.fields.x" OR 1=1');
    expect(message).toContain(`  sources.0.tables.${hostile}`);
  });

  it('reports a file that cannot be read or parsed', () => {
    expect(() => loadDataMap(path.join(dir, 'missing.yaml'), {}, ISOLECTRA_CONTROLLER)).toThrow(
      /^DATA_MAP: cannot read .*missing\.yaml/,
    );
    expect(() => loadDataMap(mapFile('{ "sources": [', 'json'), {}, ISOLECTRA_CONTROLLER)).toThrow(
      /^DATA_MAP: .* is not valid JSON/,
    );
  });
});
