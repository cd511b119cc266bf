import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';
import { loadController } from './controller.ts';

describe('loadConfig', () => {
  it('uses the SPEC defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.publicUrl).toBe('http://localhost:3000');
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toBe(path.resolve('.data'));
    expect(config.outboxDir).toBe(path.resolve('.data', 'outbox'));
    expect(config.smtpUrl).toBeUndefined();
  });

  it('derives PUBLIC_URL from PORT and strips a trailing slash from an explicit one', () => {
    expect(loadConfig({ PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
    expect(loadConfig({ PUBLIC_URL: 'https://privacy.example.org/' }).publicUrl).toBe(
      'https://privacy.example.org',
    );
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', SMTP_URL: '' }).databaseUrl).toBeUndefined();
  });

  it('names every invalid variable in one error', () => {
    expect(() => loadConfig({ PORT: 'eighty', PUBLIC_URL: 'ftp://x', SMTP_URL: 'http://mail' })).toThrow(
      ConfigError,
    );
    try {
      loadConfig({ PORT: 'eighty', PUBLIC_URL: 'ftp://x', SMTP_URL: 'http://mail' });
    } catch (err) {
      expect((err as Error).message).toMatch(/PORT/);
      expect((err as Error).message).toMatch(/PUBLIC_URL/);
      expect((err as Error).message).toMatch(/SMTP_URL/);
    }
  });
});

describe('loadController', () => {
  it('defaults to the Isolectra profile with the CNIL', () => {
    const controller = loadController(undefined);
    expect(controller.name).toBe('Isolectra');
    expect(controller.contactEmail).toBe('contact@isolectra.fr');
    expect(controller.supervisoryAuthority.phone).toBe('01 53 73 22 22');
  });

  it('reads a YAML controller file and rejects an invalid one with the field named', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dsr-controller-'));
    const base = loadController(undefined);
    const good = path.join(dir, 'controller.json');
    writeFileSync(good, JSON.stringify({ ...base, name: 'Acme SAS', contactEmail: 'privacy@acme.example' }));
    expect(loadController(good).name).toBe('Acme SAS');
    const yaml = path.join(dir, 'controller.yaml');
    writeFileSync(yaml, 'name: Acme\ncontactEmail: not-an-email\n');
    expect(() => loadController(yaml)).toThrow(/contactEmail/);
  });
});
