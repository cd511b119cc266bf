import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Side effects follow events: use cases write audit events (appendAudit) and never queue a mail
// themselves; only the reactions here do. The staff due digest is a cron, not a request event.
const MODULES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MAY_QUEUE_MAIL = ['events/', 'staff-notices/send-notices.ts'];

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
  });
});
