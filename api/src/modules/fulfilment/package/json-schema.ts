import type { TableScan } from './scan.ts';

// data.schema.json: the JSON Schema (draft-07) of data.json, each table's columns typed from the
// rows seen, so a receiving system can check and import the file without guessing.

export function dataSchema(tables: TableScan[]): Record<string, unknown> {
  const sources: Record<
    string,
    { type: 'object'; properties: Record<string, unknown>; additionalProperties: false }
  > = {};
  for (const t of tables) {
    const properties: Record<string, unknown> = {};
    for (const [column, seen] of t.columns) {
      // A number column holds integers too: say "number" once either is seen with a fraction.
      const types = seen.has('number') ? [...seen].filter((x) => x !== 'integer') : [...seen];
      properties[column] = { type: types.length === 1 ? types[0] : types.sort() };
    }
    sources[t.source] ??= { type: 'object', properties: {}, additionalProperties: false };
    sources[t.source]!.properties[t.table] = {
      type: 'array',
      items: { type: 'object', properties, additionalProperties: false },
    };
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Personal data export',
    type: 'object',
    required: ['controller', 'request', 'generatedAt', 'sources'],
    properties: {
      controller: { type: 'object' },
      request: {
        type: 'object',
        required: ['reference', 'type', 'receivedAt'],
        properties: {
          reference: { type: 'string' },
          type: { type: 'string' },
          receivedAt: { type: 'string', format: 'date-time' },
        },
      },
      generatedAt: { type: 'string', format: 'date-time' },
      sources: { type: 'object', properties: sources, additionalProperties: false },
    },
  };
}
