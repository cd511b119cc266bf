import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { parseSearch } from './list-queue.ts';

describe('parseSearch', () => {
  it('reads an address, a reference, a reference prefix, or words of a name', () => {
    expect(parseSearch(' Ada@Example.ORG ')).toEqual({ kind: 'email', value: 'ada@example.org' });
    expect(parseSearch('dsr-2026-000123')).toEqual({ kind: 'reference', value: 'DSR-2026-000123' });
    expect(parseSearch('DSR-2026-00')).toEqual({ kind: 'referencePrefix', value: 'DSR-2026-00' });
    expect(parseSearch('Dupont')).toEqual({ kind: 'name', value: 'dupont:*' });
    expect(parseSearch('Marie-Élise  DUPONT')).toEqual({
      kind: 'name',
      value: 'marie:* & élise:* & dupont:*',
    });
  });

  it('keeps nothing of tsquery syntax: only runs of letters and digits reach the query', () => {
    expect(parseSearch("a:* | b & !c ' (d)")).toEqual({ kind: 'name', value: 'a:* & b:* & c:* & d:*' });
    expect(parseSearch('*&|!():')).toEqual({ kind: 'none' });
    // At most 8 words.
    expect(parseSearch('a b c d e f g h i j')).toEqual({
      kind: 'name',
      value: 'a:* & b:* & c:* & d:* & e:* & f:* & g:* & h:*',
    });
  });
});

describe('queue cursors', () => {
  const id = '00000000-0000-4000-8000-000000000001';
  it('round-trip per sort, and a cursor of one sort is refused by the other', () => {
    const due = encodeCursor({ dueAt: new Date('2026-03-01T10:00:00.000Z'), id });
    const received = encodeCursor({ sort: 'received', receivedAt: new Date('2026-02-01T10:00:00.000Z'), id });
    expect(decodeCursor(due)).toEqual({ dueAt: new Date('2026-03-01T10:00:00.000Z'), id });
    expect(decodeCursor(received, 'received')).toEqual({
      sort: 'received',
      receivedAt: new Date('2026-02-01T10:00:00.000Z'),
      id,
    });
    expect(() => decodeCursor(received, 'due')).toThrow();
    expect(() => decodeCursor(due, 'received')).toThrow();
  });
});
