import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

// The project promises to run on the oldest Node its package.json names; a dependency that demands a
// newer one makes `npm install` warn (EBADENGINE) and may fail at run time. See README, "Dependencies
// pinned for Node 20", for the pins that keep this true.
const root = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const readJson = (file: string) => JSON.parse(readFileSync(path.join(root, file), 'utf8'));

interface LockEntry {
  version?: string;
  engines?: { node?: string } | string[];
}

describe('engines', () => {
  it('every locked package runs on the oldest Node the project supports', () => {
    const oldest = semver.minVersion(readJson('package.json').engines.node);
    expect(oldest?.version).toBe('20.19.0');
    const packages: Record<string, LockEntry> = readJson('package-lock.json').packages;

    const checked: string[] = [];
    const refusing: string[] = [];
    for (const [where, entry] of Object.entries(packages)) {
      // Old-style engines arrays carry no version range for node.
      const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
      if (!where || range === undefined) continue;
      checked.push(where);
      if (!semver.satisfies(oldest ?? '', range)) refusing.push(`${where}@${entry.version}: node ${range}`);
    }

    expect(checked.length).toBeGreaterThan(100);
    expect(refusing).toEqual([]);
  });
});
