import type { FulfilmentView } from '@dsr/shared/fulfilment';
import { describe, expect, it } from 'vitest';
import { fulfilmentCall } from './fulfilment-action.ts';
import { progressKey } from './fulfilment-words.ts';

const form = (entries: [string, string][]) => {
  const data = new FormData();
  for (const [name, value] of entries) data.append(name, value);
  return data;
};

describe('fulfilmentCall', () => {
  it('names the missing fields instead of calling the API', () => {
    expect(fulfilmentCall('add_identifier', form([['kind', 'phone']]))).toEqual({ invalid: ['value'] });
    expect(
      fulfilmentCall(
        'add_identifier',
        form([
          ['kind', 'shoe_size'],
          ['value', '44'],
        ]),
      ),
    ).toEqual({
      invalid: ['kind'],
    });
    expect(fulfilmentCall('retry_source', form([]))).toEqual({ invalid: ['source'] });
    expect(
      fulfilmentCall(
        'exclude',
        form([
          ['recordId', '12'],
          ['scope', 'row'],
        ]),
      ),
    ).toEqual({
      invalid: ['reason'],
    });
  });

  it('needs a ticked field to leave fields out, and none to leave the row out', () => {
    const noField = form([
      ['recordId', '12'],
      ['scope', 'fields'],
      ['reason', 'names a neighbour'],
    ]);
    expect(fulfilmentCall('exclude', noField)).toEqual({ invalid: ['fields'] });
    const row = form([
      ['recordId', '12'],
      ['scope', 'row'],
      ['reason', 'names a neighbour'],
      ['fields', 'x'],
    ]);
    expect(typeof fulfilmentCall('exclude', row)).toBe('function');
    const fields = form([
      ['recordId', '12'],
      ['scope', 'fields'],
      ['reason', 'r'],
      ['fields', 'comment'],
    ]);
    expect(typeof fulfilmentCall('exclude', fields)).toBe('function');
    expect(
      fulfilmentCall(
        'exclude',
        form([
          ['recordId', 'x1'],
          ['reason', 'r'],
        ]),
      ),
    ).toEqual({
      invalid: ['recordId'],
    });
  });
});

const view = (states: FulfilmentView['sources'][number]['state'][], running: boolean): FulfilmentView => ({
  applicable: true,
  running,
  matching: false,
  progress: { done: states.filter((s) => s === 'done').length, total: states.length },
  sources: states.map((state, i) => ({
    name: `s${i}`,
    kind: 'postgres',
    state,
    matchCount: 1,
    matches: [],
    attempts: 1,
    lastError: null,
    nextAttemptAt: null,
    tables: [],
    finishedAt: null,
    erasure: null,
  })),
  identifiers: [],
  tasks: [],
  package: null,
});

describe('progressKey', () => {
  it('tells not run, running, stopped on a failure, and finished apart', () => {
    expect(progressKey(view(['pending', 'pending'], false)).key).toBe('staff.fulfilment.notRun');
    expect(progressKey(view(['done', 'running'], true)).key).toBe('staff.fulfilment.running');
    expect(progressKey(view(['done', 'failed'], false))).toEqual({
      key: 'staff.fulfilment.stopped',
      failed: 1,
    });
    expect(progressKey(view(['done', 'done'], false)).key).toBe('staff.fulfilment.finished');
  });
});
