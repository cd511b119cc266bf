import type { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { S3Config } from '../../config.ts';
import { AppError } from '../../errors.ts';
import { type ByteStore, storeUnavailable } from './blob-store.ts';

// Blob bytes as one object per blob, `<prefix><blob id>`, in an S3 bucket (AWS or any S3-compatible
// server). Writes are multipart uploads of 8 MiB parts, two in flight: memory stays bounded whatever
// the package's size. A failed upload is aborted, so no half-written object is left behind, and
// its blob row is deleted (blob-store.ts): nothing refers to it.

export const PART_BYTES = 8 * 1024 * 1024;

export function createS3Bytes(config: S3Config): ByteStore {
  const client = new S3Client({
    region: config.region,
    forcePathStyle: config.forcePathStyle,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    ...(config.credentials ? { credentials: config.credentials } : {}),
    // Checksums only where S3 demands them: many S3-compatible servers refuse the newer trailers.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 60_000 },
  });
  const target = (id: string) => ({ Bucket: config.bucket, Key: `${config.prefix}${id}` });

  return {
    async put(id, content, contentType) {
      const upload = new Upload({
        client,
        params: { ...target(id), Body: content, ContentType: contentType },
        partSize: PART_BYTES,
        queueSize: 2,
        // Aborted below, so that the error thrown is the upload's and not the abort's.
        leavePartsOnError: true,
      });
      try {
        await upload.done();
      } catch (err) {
        // Drops the parts already sent. Should this fail too (store gone), the bucket's lifecycle rule
        // for incomplete multipart uploads collects them (docs/FULFILMENT.md).
        if (upload.uploadId)
          await client
            .send(new AbortMultipartUploadCommand({ ...target(id), UploadId: upload.uploadId }))
            .catch(() => {});
        throw err;
      }
    },

    async get(id) {
      try {
        const object = await client.send(new GetObjectCommand(target(id)));
        return object.Body as Readable;
      } catch (err) {
        // The index says the blob is complete: a missing object was deleted (expiry) meanwhile.
        if (err instanceof S3ServiceException && err.name === 'NoSuchKey')
          throw new AppError('download_expired', 410, 'This file is no longer available.');
        throw storeUnavailable();
      }
    },

    async remove(id) {
      await client.send(new DeleteObjectCommand(target(id)));
    },

    close() {
      client.destroy();
    },
  };
}
