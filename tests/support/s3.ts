// A real S3 API server on 127.0.0.1 (s3rver, objects on disk) with one bucket, for BLOB_STORE=s3:
//   const s3 = await startS3Server();        // beforeAll; s3.env configures the portal for it
//   await s3.keys(); await s3.object(key);   // what the bucket holds, read through the S3 API
//   await s3.stop(); await s3.start();       // unreachable, then back on the same port with its objects
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import type { Env } from '../../api/src/config.ts';

export interface S3Server {
  bucket: string;
  /** The portal's configuration for this bucket, keys under `prefix`. */
  env: Env;
  prefix: string;
  /** Every key in the bucket. */
  keys(): Promise<string[]>;
  /** An object's bytes, undefined when there is none. */
  object(key: string): Promise<Buffer | undefined>;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

// s3rver's built-in account.
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export async function startS3Server(): Promise<S3Server> {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'dsr-s3-'));
  const bucket = 'dsr-packages';
  const prefix = 'exports/';
  let port = 0;
  let server: S3rver | undefined;
  const start = async () => {
    server = new S3rver({
      address: '127.0.0.1',
      port,
      silent: true,
      directory,
      configureBuckets: [{ name: bucket }],
    });
    port = (await server.run()).port;
  };
  await start();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({
    endpoint,
    region: 'eu-west-3',
    forcePathStyle: true,
    credentials: CREDENTIALS,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const stop = async () => {
    if (!server) return;
    // The portal's client keeps connections alive; cut them so the port really stops answering.
    server.httpServer.closeAllConnections();
    await server.close();
    server = undefined;
  };
  return {
    bucket,
    prefix,
    env: {
      BLOB_STORE: 's3',
      S3_URL: `s3://${bucket}/${prefix}?endpoint=${endpoint}&region=eu-west-3&forcePathStyle=true`,
      S3_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      S3_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    },
    async keys() {
      const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
      return (listed.Contents ?? []).map((o) => o.Key ?? '').sort();
    },
    async object(key) {
      try {
        const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return Buffer.from(await got.Body!.transformToByteArray());
      } catch (err) {
        if ((err as Error).name === 'NoSuchKey') return undefined;
        throw err;
      }
    },
    stop,
    start,
    async close() {
      await stop();
      client.destroy();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
