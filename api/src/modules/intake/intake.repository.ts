import type { Statement } from '../../db/statement.ts';
import type { FiledRequest } from './intake.service.ts';

/** The new request as the part `request` (id, reference) of a one-statement write. */
export function insertRequestInStatement(
  statement: Statement,
  input: FiledRequest,
  meta: { gpc: boolean; now: Date },
): void {
  const p = (value: unknown) => statement.param(value);
  statement.with(
    'request',
    `INSERT INTO requests (type, details, email, "fullName", locale, message, gpc, "receivedAt", "updatedAt")
     VALUES (${p(input.type)}::"RequestType", ${p(JSON.stringify(input.details ?? {}))}::jsonb, ${p(input.email)}::text,
             ${p(input.fullName)}::text, ${p(input.locale)}::text, ${p(input.message ?? null)}::text, ${p(meta.gpc)}::boolean,
             ${p(meta.now)}::timestamptz, ${p(meta.now)}::timestamptz)
     RETURNING id, reference`,
  );
}
