import {
  type Dashboard,
  dashboardSchema,
  type QueueAnswer,
  queueAnswerSchema,
  type StaffRequestDetail,
  staffRequestDetailSchema,
} from '@dsr/shared/staff-requests';
import type { StaffActionInput } from '@dsr/shared/statuses';
import { api } from '../../../lib/api-client.ts';

// The staff side of requests: queue, one request, its actions, the dashboard. Answers are parsed
// with the API's own schemas (STYLE habit 7).

const withSignal = (signal?: AbortSignal) => (signal ? { signal } : {});

export function getQueue(query: URLSearchParams, signal?: AbortSignal): Promise<QueueAnswer> {
  const search = query.toString();
  return api.get(`/staff/requests${search ? `?${search}` : ''}`, {
    schema: queueAnswerSchema,
    ...withSignal(signal),
  });
}

export type RequestDetail = StaffRequestDetail;

export function getRequestDetail(reference: string, signal?: AbortSignal): Promise<RequestDetail> {
  return api.get(`/staff/requests/${encodeURIComponent(reference)}`, {
    schema: staffRequestDetailSchema,
    ...withSignal(signal),
  });
}

export function performAction(
  reference: string,
  body: StaffActionInput,
  csrfToken: string,
): Promise<StaffRequestDetail> {
  return api.post(`/staff/requests/${encodeURIComponent(reference)}/actions`, body, {
    csrfToken,
    schema: staffRequestDetailSchema,
  });
}

export function getDashboard(signal?: AbortSignal): Promise<Dashboard> {
  return api.get('/staff/dashboard', { schema: dashboardSchema, ...withSignal(signal) });
}
