import type { CreateRequest } from '@dsr/shared/request-types';
import { api } from '../../../lib/api-client.ts';

export interface RequestAccepted {
  reference: string;
  status: string;
}

const acceptedSchema = {
  parse(data: unknown): RequestAccepted {
    const d = data as Partial<RequestAccepted> | null;
    if (typeof d?.reference !== 'string' || typeof d.status !== 'string') throw new Error('invalid');
    return { reference: d.reference, status: d.status };
  },
};

/** POST /requests: 202 for any valid body (known address or not); the key makes retries file once. */
export function createRequest(body: CreateRequest, idempotencyKey: string): Promise<RequestAccepted> {
  return api.post('/requests', body, { idempotencyKey, schema: acceptedSchema });
}
