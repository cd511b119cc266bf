import { endOfLocalDay } from '@dsr/shared/deadline';
import { QUEUE_DEFAULT_STATUSES } from '@dsr/shared/staff-requests';
import { STATUSES } from '@dsr/shared/statuses';
import { defaultController } from '../../lib/controller.ts';
import { REQUEST_TYPES } from '../../lib/request-types.ts';

// The queue's filters live in the page's query string (shareable, back/forward work):
//   ?status=in_progress&type=access&assignee=me&overdue=1&dueBefore=2026-05-31&q=DSR-2026&sort=received&cursor=...&prev=...
// Unknown values are dropped rather than sent to the API. `prev` lists the cursors of the pages
// before this one (after the first page, which has none), so "previous page" is a plain link that
// works from a bookmark too; it never reaches the API.

export const STATUS_ALL = 'all';
export const ASSIGNEE_CHOICES = ['me', 'none'] as const;

export interface QueueFilters {
  status: string; // '' (open work), 'all' or one status
  type: string;
  assignee: string; // '', 'me', 'none'
  overdue: boolean;
  dueBefore: string; // YYYY-MM-DD, a day in the controller's calendar
  q: string;
  /** '' (deadline first, the API's default) or 'received' (newest first). */
  sort: string;
  cursor: string;
  /** Cursors of the pages between the first one and this one, oldest first. */
  prev: string[];
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const CURSOR = /^[A-Za-z0-9_-]{1,200}$/;
/** Past this many pages back, "previous" from the oldest page kept leads to the first page. */
const MAX_PREV = 40;

export function readFilters(params: URLSearchParams): QueueFilters {
  const status = params.get('status') ?? '';
  const type = params.get('type') ?? '';
  const assignee = params.get('assignee') ?? '';
  const dueBefore = params.get('dueBefore') ?? '';
  return {
    status: status === STATUS_ALL || (STATUSES as readonly string[]).includes(status) ? status : '',
    type: (REQUEST_TYPES as readonly string[]).includes(type) ? type : '',
    assignee: (ASSIGNEE_CHOICES as readonly string[]).includes(assignee) ? assignee : '',
    overdue: params.get('overdue') === '1',
    dueBefore: DATE.test(dueBefore) ? dueBefore : '',
    q: (params.get('q') ?? '').trim().slice(0, 254),
    sort: params.get('sort') === 'received' ? 'received' : '',
    cursor: (params.get('cursor') ?? '').slice(0, 200),
    prev: params.get('cursor')
      ? (params.get('prev') ?? '')
          .split(',')
          .filter((c) => CURSOR.test(c))
          .slice(-MAX_PREV)
      : [],
  };
}

/** The page URL's query for these filters (empty values left out). */
export function filterParams(filters: Partial<QueueFilters>): URLSearchParams {
  const params = new URLSearchParams();
  for (const name of ['status', 'type', 'assignee', 'dueBefore', 'q', 'sort', 'cursor'] as const) {
    const value = filters[name];
    if (value) params.set(name, value);
  }
  if (filters.overdue) params.set('overdue', '1');
  if (filters.cursor && filters.prev?.length) params.set('prev', filters.prev.join(','));
  return params;
}

/** The filters of the next page: this page's cursor joins the trail of previous pages. */
export function nextPage(filters: QueueFilters, nextCursor: string): QueueFilters {
  return {
    ...filters,
    cursor: nextCursor,
    prev: filters.cursor ? [...filters.prev, filters.cursor].slice(-MAX_PREV) : [],
  };
}

/** The filters of the previous page (the first page when the trail is empty). */
export function previousPage(filters: QueueFilters): QueueFilters {
  return { ...filters, cursor: filters.prev.at(-1) ?? '', prev: filters.prev.slice(0, -1) };
}

/** GET /staff/requests query for these filters. "Due before D" includes requests due on D. */
export function apiParams(filters: QueueFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.status === STATUS_ALL) params.set('status', STATUSES.join(','));
  else if (filters.status) params.set('status', filters.status);
  if (filters.type) params.set('type', filters.type);
  if (filters.assignee) params.set('assignee', filters.assignee);
  if (filters.overdue) params.set('overdue', 'true');
  const day = DATE.exec(filters.dueBefore);
  if (day) {
    const end = endOfLocalDay(
      { year: Number(day[1]), month: Number(day[2]), day: Number(day[3]) },
      defaultController.timeZone,
    );
    params.set('dueBefore', new Date(end.getTime() + 1).toISOString());
  }
  if (filters.q) params.set('q', filters.q);
  if (filters.sort) params.set('sort', filters.sort);
  if (filters.cursor) params.set('cursor', filters.cursor);
  return params;
}

export const DEFAULT_STATUSES = QUEUE_DEFAULT_STATUSES;
