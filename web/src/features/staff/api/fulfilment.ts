import { type ErasurePlan, erasurePlanSchema, packageRecordSchema } from '@dsr/shared/fulfilment';
import { z } from 'zod';
import { ApiError, api, toProblem } from '../../../lib/api-client.ts';
import { API_BASE } from '../../../lib/paths.ts';

// Fulfilment of one request, staff side: the match, linked identifiers, retrying a failed source,
// closing a manual task (with an optional file), and the draft package's review.

const base = (reference: string) => `/staff/requests/${encodeURIComponent(reference)}`;

export const recordsPageSchema = z.object({
  items: z.array(packageRecordSchema),
  nextCursor: z.string().nullable(),
});
export type RecordsPage = z.infer<typeof recordsPageSchema>;
export type PackageRecord = RecordsPage['items'][number];

export function recountMatches(reference: string, csrfToken: string): Promise<unknown> {
  return api.post(`${base(reference)}/fulfilment/match`, {}, { csrfToken });
}

export function addIdentifier(
  reference: string,
  body: { kind: string; value: string },
  csrfToken: string,
): Promise<unknown> {
  return api.post(`${base(reference)}/identifiers`, body, { csrfToken });
}

export function retrySource(reference: string, source: string, csrfToken: string): Promise<unknown> {
  return api.post(
    `${base(reference)}/fulfilment/sources/${encodeURIComponent(source)}/retry`,
    {},
    { csrfToken },
  );
}

export function excludeRecord(
  reference: string,
  body: { recordId: string; fields?: string[]; reason: string },
  csrfToken: string,
): Promise<unknown> {
  return api.post(`${base(reference)}/package/exclusions`, body, { csrfToken });
}

export function getRecords(
  reference: string,
  query: { source: string; table: string; cursor?: string | null },
  signal?: AbortSignal,
): Promise<RecordsPage> {
  const search = new URLSearchParams({ source: query.source, table: query.table });
  if (query.cursor) search.set('cursor', query.cursor);
  return api.get(`${base(reference)}/package/records?${search.toString()}`, {
    schema: recordsPageSchema,
    ...(signal ? { signal } : {}),
  });
}

/** The draft ZIP: the session cookie authorises a plain link, so staff download it as any file. */
export function draftPackageUrl(reference: string): string {
  return `${API_BASE}${base(reference)}/package`;
}

/**
 * Closes a manual task: JSON for a note alone, multipart with the file. XMLHttpRequest rather than
 * fetch because only it reports upload progress, which a large export needs to show.
 */
export function closeTask(
  reference: string,
  taskId: string,
  input: { note: string; file: File | null },
  csrfToken: string,
  onProgress: (fraction: number) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${API_BASE}${base(reference)}/tasks/${encodeURIComponent(taskId)}`);
    xhr.setRequestHeader('Accept', 'application/json, application/problem+json');
    xhr.setRequestHeader('X-CSRF-Token', csrfToken);
    xhr.withCredentials = true;
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) return resolve();
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      reject(new ApiError(toProblem(xhr.status, xhr.statusText, body)));
    };
    xhr.onerror = () =>
      reject(new ApiError({ type: 'about:blank', title: 'network_error', status: 0, code: 'network_error' }));
    if (input.file) {
      const form = new FormData();
      form.set('status', 'done');
      form.set('note', input.note);
      form.set('file', input.file, input.file.name);
      xhr.send(form);
    } else {
      xhr.setRequestHeader('Content-Type', 'application/json');
      xhr.send(JSON.stringify({ status: 'done', note: input.note }));
    }
  });
}

/** The erasure's dry run: per source and table, rows that would be erased, anonymised and kept. */
export function getErasurePlan(reference: string, signal?: AbortSignal): Promise<ErasurePlan> {
  return api.get(`${base(reference)}/fulfilment/erasure-plan`, {
    schema: erasurePlanSchema,
    ...(signal ? { signal } : {}),
  });
}
