import type { ControllerConfig } from '@dsr/shared/controller';
import { CONSENT_PURPOSES, OBJECTION_PURPOSES } from '@dsr/shared/request-types';
import { ConfigError, readConfigFile } from '../../config.ts';
import { type DataMap, dataMapSchema, type EffectConfig } from './datamap.schema.ts';

// The data map (DATA_MAP): read once at start, `${VAR}` expanded from the environment, validated by
// dataMapSchema. Unset, it is the built-in customer area described in the same format.

/** Placeholders an effect fills in when it is applied; left as they are by the expansion. */
const EFFECT_PLACEHOLDERS = new Set(['purpose', 'reference', 'now']);

/**
 * The map named by DATA_MAP (JSON or YAML), or the built-in customer area when `path` is unset.
 * Throws a ConfigError naming the file and, per problem, the key path.
 */
export function loadDataMap(
  path: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  controller: ControllerConfig,
): DataMap {
  const raw = readConfigFile('DATA_MAP', path);
  if (raw === undefined) return defaultDataMap(controller);
  const invalid = (lines: string[]) => new ConfigError(`DATA_MAP ${path} is invalid:\n${lines.join('\n')}`);
  const unset: string[] = [];
  const expanded = expandVariables(raw, env, [], unset);
  if (unset.length > 0) throw invalid(unset);
  const parsed = dataMapSchema.safeParse(expanded);
  if (!parsed.success) {
    throw invalid(parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`));
  }
  return parsed.data;
}

/** Replaces `${VAR}` in every string with the environment's value; records each unset one. */
function expandVariables(
  value: unknown,
  env: Readonly<Record<string, string | undefined>>,
  path: Array<string | number>,
  unset: string[],
): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (whole, name: string) => {
      if (EFFECT_PLACEHOLDERS.has(name)) return whole;
      const found = env[name];
      if (found === undefined || found === '') {
        unset.push(`  ${path.join('.')}: environment variable ${name} is not set`);
        return whole;
      }
      return found;
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => expandVariables(v, env, [...path, i], unset));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, expandVariables(v, env, [...path, k], unset)]),
    );
  }
  return value;
}

// Filled in when an effect is applied (escaped: literal text here, not interpolation).
const BY_REQUEST = `dsr:\${reference}`;
const NOW = `\${now}`;

const label = (fr: string, en: string) => ({ fr, en });
const notPersonal = { personal: false };

/** The built-in customer area (Prisma tables, camelCase columns) in the data map's own format. */
export function defaultDataMap(controller: ControllerConfig): DataMap {
  const objection = Object.fromEntries(
    OBJECTION_PURPOSES.filter((p) => p !== 'other').map((purpose): [string, EffectConfig] => [
      purpose,
      {
        table: 'marketing_preferences',
        where: { purpose },
        set: { optedOut: true, source: BY_REQUEST },
        insert: true,
      },
    ]),
  );
  const consentWithdrawal = Object.fromEntries(
    CONSENT_PURPOSES.filter((p) => p !== 'other').map((purpose): [string, EffectConfig] => [
      purpose,
      {
        table: 'consents',
        set: { purpose, granted: false, source: BY_REQUEST, at: NOW },
        insert: true,
      },
    ]),
  );
  return dataMapSchema.parse({
    sources: [
      {
        name: 'customers',
        kind: 'postgres',
        url: 'builtin',
        schema: 'public',
        subject: { table: 'customers', key: 'id', email: 'email' },
        tables: {
          customers: {
            category: 'profile',
            description: label('Profil client', 'Customer profile'),
            fields: {
              id: notPersonal,
              email: { label: label('Adresse e-mail', 'E-mail address') },
              fullName: { rectify: true, label: label('Nom', 'Name') },
              phone: { rectify: true, label: label('Téléphone', 'Phone') },
              postalAddress: { rectify: true, label: label('Adresse postale', 'Postal address') },
              billingAddress: {
                rectify: true,
                label: label('Adresse de facturation', 'Billing address'),
              },
              restrictedAt: notPersonal,
              anonymisedAt: notPersonal,
              createdAt: notPersonal,
              updatedAt: notPersonal,
            },
            erase: 'anonymise',
          },
          orders: {
            link: { column: 'customerId', references: 'customers.id' },
            category: 'billing',
            description: label('Commandes et factures', 'Orders and invoices'),
            retention: {
              years: controller.retention.billingRecordsYears,
              from: 'placedAt',
              basis: 'Code de commerce, art. L123-22',
            },
            erase: 'delete',
          },
          consents: {
            link: { column: 'customerId', references: 'customers.id' },
            category: 'consent',
            description: label('Historique des consentements', 'Consent history'),
            erase: 'delete',
          },
          marketing_preferences: {
            link: { column: 'customerId', references: 'customers.id' },
            category: 'marketing',
            description: label(
              'Préférences marketing et oppositions',
              'Marketing preferences and objections',
            ),
            erase: 'delete',
          },
          customer_comments: {
            link: { column: 'customerId', references: 'customers.id' },
            category: 'support',
            description: label('Commentaires du service client', 'Customer service comments'),
            erase: 'delete',
          },
        },
        effects: {
          restriction: { table: 'customers', set: { restrictedAt: NOW } },
          objection,
          consent_withdrawal: consentWithdrawal,
        },
      },
    ],
  });
}
