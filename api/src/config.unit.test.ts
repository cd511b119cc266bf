import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';
import { loadController } from './controller.ts';

describe('loadConfig', () => {
  it('uses the defaults of the README configuration table when nothing is set', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.publicUrl).toBe('http://localhost:3000');
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toBe(path.resolve('.data'));
    expect(config.outboxDir).toBe(path.resolve('.data', 'outbox'));
    expect(config.smtpUrl).toBeUndefined();
    expect(config.requestTimeoutMs).toBe(30_000);
  });

  it('reads REQUEST_TIMEOUT_SECONDS and names it when invalid', () => {
    expect(loadConfig({ REQUEST_TIMEOUT_SECONDS: '5' }).requestTimeoutMs).toBe(5_000);
    for (const bad of ['0', 'soon', '1.5']) {
      expect(() => loadConfig({ REQUEST_TIMEOUT_SECONDS: bad })).toThrow(/REQUEST_TIMEOUT_SECONDS/);
    }
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

describe('BLOB_STORE', () => {
  const s3 = (S3_URL: string, more: Record<string, string> = {}) =>
    loadConfig({ BLOB_STORE: 's3', S3_URL, ...more }).blobStore;
  const refusal = (env: Record<string, string>) => {
    try {
      loadConfig(env);
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      return (err as Error).message;
    }
    throw new Error('accepted');
  };

  it('keeps files in PostgreSQL unless told otherwise', () => {
    expect(loadConfig({}).blobStore).toEqual({ kind: 'postgres' });
  });

  it('reads the bucket, prefix, endpoint, region, path style and keys', () => {
    expect(
      s3('s3://dsr-exports/portal/prod?endpoint=http://127.0.0.1:9000&region=eu-west-3', {
        S3_ACCESS_KEY_ID: 'AKIA1',
        S3_SECRET_ACCESS_KEY: 's3cr3t',
      }),
    ).toEqual({
      kind: 's3',
      bucket: 'dsr-exports',
      prefix: 'portal/prod/',
      endpoint: 'http://127.0.0.1:9000',
      region: 'eu-west-3',
      forcePathStyle: true,
      credentials: { accessKeyId: 'AKIA1', secretAccessKey: 's3cr3t' },
    });
    // AWS itself: virtual-hosted style, default region, the SDK's own credentials chain.
    expect(s3('s3://dsr-exports')).toMatchObject({
      prefix: '',
      endpoint: undefined,
      region: 'us-east-1',
      forcePathStyle: false,
      credentials: undefined,
    });
    expect(s3('s3://dsr-exports?endpoint=https://s3.example.net&forcePathStyle=false')).toMatchObject({
      forcePathStyle: false,
    });
  });

  it('stops the start naming the variable for every invalid value', () => {
    expect(refusal({ BLOB_STORE: 'disk' })).toMatch(/BLOB_STORE/);
    expect(refusal({ BLOB_STORE: 's3' })).toMatch(/S3_URL: required/);
    expect(refusal({ S3_URL: 's3://dsr-exports' })).toMatch(/S3_URL: set, but BLOB_STORE is not s3/);
    expect(refusal({ BLOB_STORE: 's3', S3_URL: 'https://dsr-exports' })).toMatch(
      /S3_URL: must start with s3:\/\//,
    );
    expect(refusal({ BLOB_STORE: 's3', S3_URL: 's3://Bad_Bucket' })).toMatch(/S3_URL: the bucket name/);
    expect(refusal({ BLOB_STORE: 's3', S3_URL: 's3://key:secret@dsr-exports' })).toMatch(
      /S3_URL: holds credentials; put them in S3_ACCESS_KEY_ID/,
    );
    expect(refusal({ BLOB_STORE: 's3', S3_URL: 's3://dsr-exports?endpoint=ftp://x' })).toMatch(
      /S3_URL: endpoint/,
    );
    expect(refusal({ BLOB_STORE: 's3', S3_URL: 's3://dsr-exports?regoin=eu' })).toMatch(
      /S3_URL: unknown parameter regoin/,
    );
    expect(refusal({ BLOB_STORE: 's3', S3_URL: 's3://dsr-exports?forcePathStyle=yes' })).toMatch(
      /S3_URL: forcePathStyle/,
    );
    expect(refusal({ BLOB_STORE: 's3', S3_URL: 's3://dsr-exports', S3_ACCESS_KEY_ID: 'AKIA1' })).toMatch(
      /S3_SECRET_ACCESS_KEY: set both keys/,
    );
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
