import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Side effects follow events: use cases write audit events (appendAudit) and never queue a mail or a
// fulfilment job themselves; only the reactions here do. The staff due digest is a cron, not a
// request event; workers may queue the next step of their own pipeline.
const MODULES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MAY_QUEUE_MAIL = ['events/', 'staff-notices/send-notices.ts'];
// Where a job may be queued outside events/: workers (and what only they call) and the access-link
// lookup (a background job by design: known and unknown addresses cost the same).
const MAY_ENQUEUE = [
  'access-links/access-links.jobs.ts',
  'fulfilment/settle.ts',
  'fulfilment/sources/webhook.ts',
];
const FULFILMENT_QUEUES = [
  'FULFILMENT_RUN_QUEUE',
  'FULFILMENT_MATCH_QUEUE',
  'FULFILMENT_SETTLE_QUEUE',
  'PACKAGE_BUILD_QUEUE',
];
// Declared in queues.ts, worked in fulfilment.jobs.ts, queued by the fulfilment reaction (and the
// settle worker, which asks for the build).
const MAY_NAME_FULFILMENT_QUEUES = [
  'fulfilment/queues.ts',
  'fulfilment/fulfilment.jobs.ts',
  'fulfilment/settle.ts',
  'events/reactions/fulfilment.ts',
];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

const files = sources(MODULES).map((file) => ({
  name: path.relative(MODULES, file).split(path.sep).join('/'),
  text: readFileSync(file, 'utf8'),
}));

describe('request events have one producer', () => {
  it('no module outside events queues a mail (the digest cron excepted)', () => {
    const callers = files.filter((f) => f.text.includes('queueMail(')).map((f) => f.name);
    expect(callers.length).toBeGreaterThan(0);
    expect(callers.filter((name) => !MAY_QUEUE_MAIL.some((allowed) => name.startsWith(allowed)))).toEqual([]);
  });

  it('audit rows are written by appendAudit only, so none is written without its event', () => {
    const writers = files.filter((f) => /auditEvent\.create(Many)?\(/.test(f.text)).map((f) => f.name);
    expect(writers).toEqual(['audit/audit.repository.ts']);
    const sqlWriters = files.filter((f) => /INSERT INTO "?audit_events/i.test(f.text)).map((f) => f.name);
    expect(sqlWriters).toEqual(['audit/audit.repository.ts']);
  });

  it('no use case queues a job: only reactions and workers do', () => {
    const queues = /\benqueueInTx\s*[<(]|\.enqueue\s*[<(]|\bboss\.send\(/;
    const names = files
      .filter((f) => queues.test(f.text) && !f.name.startsWith('events/'))
      .map((f) => f.name);
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((name) => !MAY_ENQUEUE.includes(name))).toEqual([]);
  });

  it('fulfilment jobs are queued by the fulfilment reaction, not by the use cases', () => {
    const naming = files.filter((f) => FULFILMENT_QUEUES.some((q) => f.text.includes(q))).map((f) => f.name);
    expect(naming).toContain('events/reactions/fulfilment.ts');
    expect(naming.filter((name) => !MAY_NAME_FULFILMENT_QUEUES.includes(name))).toEqual([]);
    const queueNames = ['fulfilment.run', 'fulfilment.match', 'fulfilment.settle', 'fulfilment.package'];
    const literal = files.filter((f) => queueNames.some((q) => f.text.includes(`'${q}'`))).map((f) => f.name);
    expect(literal).toEqual(['fulfilment/queues.ts']);
  });
});
