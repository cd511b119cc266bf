import { AppError } from '../../errors.ts';

// The queue's keyset position: the deadline in force and the id of the last row shown. Opaque to
// clients (base64url JSON); anything that does not decode to exactly this shape is a 400.

export interface QueueCursor {
  dueAt: Date | null;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function encodeCursor(cursor: QueueCursor): string {
  return Buffer.from(JSON.stringify([cursor.dueAt?.toISOString() ?? null, cursor.id])).toString('base64url');
}

export function decodeCursor(value: string): QueueCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) throw badCursor();
  const [due, id] = parsed as unknown[];
  if (typeof id !== 'string' || !UUID.test(id)) throw badCursor();
  if (due === null) return { dueAt: null, id };
  if (typeof due !== 'string') throw badCursor();
  const dueAt = new Date(due);
  // Only what encodeCursor makes: a real instant PostgreSQL can compare (no year 0, no extended years).
  if (Number.isNaN(dueAt.getTime()) || dueAt.toISOString() !== due) throw badCursor();
  const year = dueAt.getUTCFullYear();
  if (year < 1970 || year > 9999) throw badCursor();
  return { dueAt, id };
}

function badCursor(): AppError {
  return new AppError('validation_failed', 400, 'The request has invalid fields.', {
    errors: [
      { path: 'query.cursor', code: 'invalid_cursor', message: 'Unknown cursor; start from the first page.' },
    ],
  });
}
