import { AppError } from '../../errors.ts';

// The queue's keyset position: the sort key of the last row shown (the deadline in force, or the
// received date for `sort=received`) and its id. Opaque to clients (base64url JSON); anything that
// does not decode to exactly this shape, or a cursor of the other sort, is a 400.

export interface DueCursor {
  sort?: 'due';
  dueAt: Date | null;
  id: string;
}
export interface ReceivedCursor {
  sort: 'received';
  receivedAt: Date;
  id: string;
}
export type QueueCursor = DueCursor | ReceivedCursor;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function encodeCursor(cursor: QueueCursor): string {
  const json =
    cursor.sort === 'received'
      ? ['received', cursor.receivedAt.toISOString(), cursor.id]
      : [cursor.dueAt?.toISOString() ?? null, cursor.id];
  return Buffer.from(JSON.stringify(json)).toString('base64url');
}

/** A cursor of the given sort (a cursor made for the other sort is refused). */
export function decodeCursor(value: string, sort: 'received'): ReceivedCursor;
export function decodeCursor(value: string, sort?: 'due'): DueCursor;
export function decodeCursor(value: string, sort?: 'due' | 'received'): QueueCursor;
export function decodeCursor(value: string, sort: 'due' | 'received' = 'due'): QueueCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  if (!Array.isArray(parsed)) throw badCursor();
  if (sort === 'received') {
    if (parsed.length !== 3 || parsed[0] !== 'received') throw badCursor();
    const [, at, id] = parsed as unknown[];
    if (typeof id !== 'string' || !UUID.test(id) || typeof at !== 'string') throw badCursor();
    return { sort: 'received', receivedAt: instant(at), id };
  }
  if (parsed.length !== 2) throw badCursor();
  const [due, id] = parsed as unknown[];
  if (typeof id !== 'string' || !UUID.test(id)) throw badCursor();
  if (due === null) return { dueAt: null, id };
  if (typeof due !== 'string') throw badCursor();
  return { dueAt: instant(due), id };
}

// Only what encodeCursor makes: a real instant PostgreSQL can compare (no year 0, no extended years).
function instant(value: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime()) || date.toISOString() !== value) throw badCursor();
  const year = date.getUTCFullYear();
  if (year < 1970 || year > 9999) throw badCursor();
  return date;
}

function badCursor(): AppError {
  return new AppError('validation_failed', 400, 'The request has invalid fields.', {
    errors: [
      { path: 'query.cursor', code: 'invalid_cursor', message: 'Unknown cursor; start from the first page.' },
    ],
  });
}
