import type { QueueAnswer, QueueCounts } from '@dsr/shared/staff-requests';
import { STATUSES } from '@dsr/shared/statuses';
import { type FormEvent, useEffect, useRef } from 'react';
import {
  Link,
  type LoaderFunctionArgs,
  useLoaderData,
  useLocation,
  useNavigate,
  useNavigation,
} from 'react-router';
import { getQueue } from '../../../features/staff/api/requests.ts';
import { TableWrap } from '../../../features/staff/components/table-wrap.tsx';
import { DueBadge } from '../../../features/staff/due-badge.tsx';
import { useStaffI18n } from '../../../features/staff/i18n.ts';
import {
  apiParams,
  filterParams,
  nextPage,
  previousPage,
  type QueueFilters,
  readFilters,
  STATUS_ALL,
} from '../../../features/staff/queue-filters.ts';
import { withSession } from '../../../features/staff/session.ts';
import { statusLabel, statusTone, typeLabel } from '../../../features/staff/words.ts';
import { formatDate } from '../../../lib/dates.ts';
import { useDocumentTitle } from '../../../lib/i18n.tsx';
import { API_BASE, paths } from '../../../lib/paths.ts';
import { REQUEST_TYPES } from '../../../lib/request-types.ts';

interface QueueData {
  filters: QueueFilters;
  answer: QueueAnswer;
}

export async function loader({ request }: LoaderFunctionArgs): Promise<QueueData> {
  const filters = readFilters(new URL(request.url).searchParams);
  return withSession(request, async () => ({
    filters,
    answer: await getQueue(apiParams(filters), request.signal),
  }));
}

export function Component() {
  const { t } = useStaffI18n();
  useDocumentTitle(t('staff.queue.title'));
  const { filters, answer } = useLoaderData() as QueueData;
  const navigation = useNavigation();
  const location = useLocation();
  const loading = navigation.state === 'loading' && navigation.location.pathname === location.pathname;
  const filtered = filterParams({ ...filters, cursor: '' }).toString() !== '';
  const count = answer.items.length;
  const result = answer.nextCursor
    ? t('staff.queue.result.more', { count })
    : t(
        count === 0
          ? 'staff.queue.result.none'
          : count === 1
            ? 'staff.queue.result.one'
            : 'staff.queue.result.many',
        { count },
      );

  return (
    <div className="stack">
      <h1>{t('staff.queue.title')}</h1>
      {answer.counts && <Counts counts={answer.counts} />}
      {/* Not remounted when the query changes: focus stays on the control that was used. */}
      <Filters filters={filters} />
      <p role="status" className={loading ? 'notice' : 'muted'}>
        {loading ? t('app.loading') : result}
      </p>
      {answer.items.length === 0 ? (
        <div className="notice">
          <p>{t(filtered ? 'staff.queue.emptyFiltered' : 'staff.queue.empty')}</p>
          {filtered && (
            <p>
              <Link to={paths.staffQueue()}>{t('staff.queue.reset')}</Link>
            </p>
          )}
        </div>
      ) : (
        <QueueTable answer={answer} busy={loading} byReceived={filters.sort === 'received'} />
      )}
      <Pager filters={filters} nextCursor={answer.nextCursor} />
      <p className="register-link">
        {/* A plain download: the session cookie goes with it; the file has no personal data. */}
        <a href={`${API_BASE}/staff/register.csv`} download aria-describedby="register-hint">
          {t('staff.queue.register')}
        </a>{' '}
        <span id="register-hint" className="muted">
          {t('staff.queue.registerHint')}
        </span>
      </p>
    </div>
  );
}

const COUNTED = ['verified', 'in_progress', 'awaiting_subject', 'pending_verification'] as const;

function Counts({ counts }: { counts: QueueCounts }) {
  const { t } = useStaffI18n();
  return (
    <section aria-labelledby="counts-title">
      <h2 id="counts-title" className="visually-hidden">
        {t('staff.queue.counts')}
      </h2>
      <ul className="counts">
        {COUNTED.map((status) => (
          <li key={status}>
            <Link to={paths.staffQueue(filterParams({ status }))}>
              <span className="counts__value">{counts[status]}</span> {statusLabel(t, status)}
            </Link>
          </li>
        ))}
        <li className={counts.overdue > 0 ? 'counts--late' : undefined}>
          <Link to={paths.staffQueue(filterParams({ overdue: true }))}>
            <span className="counts__value">{counts.overdue}</span> {t('staff.queue.overdueCount')}
          </Link>
        </li>
      </ul>
    </section>
  );
}

function Filters({ filters }: { filters: QueueFilters }) {
  const { t } = useStaffI18n();
  const navigate = useNavigate();
  const formRef = useRef<HTMLFormElement>(null);

  // The fields show the filters of the URL, also after a link, "clear" or back/forward changed it.
  useEffect(() => {
    const form = formRef.current;
    if (!form) return;
    const set = (name: string, value: string) => {
      const field = form.elements.namedItem(name);
      if (field instanceof HTMLInputElement || field instanceof HTMLSelectElement) field.value = value;
    };
    set('q', filters.q);
    set('status', filters.status);
    set('type', filters.type);
    set('assignee', filters.assignee);
    set('dueBefore', filters.dueBefore);
    set('sort', filters.sort);
    const overdue = form.elements.namedItem('overdue');
    if (overdue instanceof HTMLInputElement) overdue.checked = filters.overdue;
  }, [filters]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    navigate(
      paths.staffQueue(
        filterParams({
          status: text('status'),
          type: text('type'),
          assignee: text('assignee'),
          overdue: form.get('overdue') === '1',
          dueBefore: text('dueBefore'),
          q: text('q'),
          sort: text('sort'),
        }),
      ),
    );
  }

  return (
    <search>
      <form ref={formRef} className="filters" aria-label={t('staff.queue.filters')} onSubmit={onSubmit}>
        <div className="field filters__search">
          <label htmlFor="q-search" className="field__label">
            {t('staff.queue.search')}
          </label>
          <p id="q-search-hint" className="field__hint">
            {t('staff.queue.searchHint')}
          </p>
          <input
            id="q-search"
            name="q"
            type="search"
            defaultValue={filters.q}
            aria-describedby="q-search-hint"
          />
        </div>
        <div className="field">
          <label htmlFor="f-status" className="field__label">
            {t('staff.queue.status')}
          </label>
          <select id="f-status" name="status" defaultValue={filters.status}>
            <option value="">{t('staff.queue.status.open')}</option>
            {STATUSES.map((status) => (
              <option key={status} value={status}>
                {statusLabel(t, status)}
              </option>
            ))}
            <option value={STATUS_ALL}>{t('staff.queue.status.all')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-type" className="field__label">
            {t('staff.queue.type')}
          </label>
          <select id="f-type" name="type" defaultValue={filters.type}>
            <option value="">{t('staff.queue.type.all')}</option>
            {REQUEST_TYPES.map((type) => (
              <option key={type} value={type}>
                {typeLabel(t, type)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-assignee" className="field__label">
            {t('staff.queue.assignee')}
          </label>
          <select id="f-assignee" name="assignee" defaultValue={filters.assignee}>
            <option value="">{t('staff.queue.assignee.any')}</option>
            <option value="me">{t('staff.queue.assignee.me')}</option>
            <option value="none">{t('staff.queue.assignee.none')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-dueBefore" className="field__label">
            {t('staff.queue.dueBefore')}
          </label>
          <input id="f-dueBefore" name="dueBefore" type="date" defaultValue={filters.dueBefore} />
        </div>
        <div className="field">
          <label htmlFor="f-sort" className="field__label">
            {t('staff.queue.sort')}
          </label>
          <select id="f-sort" name="sort" defaultValue={filters.sort}>
            <option value="">{t('staff.queue.sort.due')}</option>
            <option value="received">{t('staff.queue.sort.received')}</option>
          </select>
        </div>
        <div className="choice filters__check">
          <input id="f-overdue" name="overdue" type="checkbox" value="1" defaultChecked={filters.overdue} />
          <label htmlFor="f-overdue">{t('staff.queue.overdueOnly')}</label>
        </div>
        <p className="actions filters__actions">
          <button type="submit" className="button">
            {t('staff.queue.apply')}
          </button>
          <Link to={paths.staffQueue()}>{t('staff.queue.reset')}</Link>
        </p>
      </form>
    </search>
  );
}

// On a phone each row reads as a card (styles.css, .queue-table): the reference, then every cell
// on its own line with its column's name (data-label), so the due date and the assignee are never
// off-screen. From 60rem up it is a plain table.
function QueueTable({
  answer,
  busy,
  byReceived,
}: {
  answer: QueueAnswer;
  busy: boolean;
  byReceived: boolean;
}) {
  const { t, locale } = useStaffI18n();
  const caption = t(byReceived ? 'staff.queue.captionReceived' : 'staff.queue.caption');
  return (
    <TableWrap label={caption}>
      <table className="table queue-table" aria-busy={busy || undefined}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('staff.field.reference')}</th>
            <th scope="col">{t('staff.field.type')}</th>
            <th scope="col">{t('staff.field.status')}</th>
            <th scope="col">{t('staff.field.subject')}</th>
            <th scope="col">{t('staff.field.receivedAt')}</th>
            <th scope="col">{t('staff.field.dueAt')}</th>
            <th scope="col">{t('staff.field.assignee')}</th>
          </tr>
        </thead>
        <tbody>
          {answer.items.map((item) => (
            <tr key={item.reference} className={item.overdue ? 'row--late' : undefined}>
              <th scope="row">
                <Link to={paths.staffRequest(item.reference)} className="reference">
                  {item.reference}
                </Link>
                {item.isAppeal && <span className="tag">{t('staff.appeal.tag')}</span>}
              </th>
              <td data-label={t('staff.field.type')}>{typeLabel(t, item.type)}</td>
              <td data-label={t('staff.field.status')}>
                <span className={`badge badge--${statusTone(item.status)}`}>
                  {statusLabel(t, item.status)}
                </span>
              </td>
              <td data-label={t('staff.field.subject')} className="cell--text">
                {item.fullName}
                <br />
                <span className="muted">{item.email}</span>
              </td>
              <td data-label={t('staff.field.receivedAt')}>
                <time dateTime={item.receivedAt}>{formatDate(locale, item.receivedAt)}</time>
              </td>
              <td data-label={t('staff.field.dueAt')}>
                {item.dueAt ? (
                  <>
                    <time dateTime={item.dueAt}>{formatDate(locale, item.dueAt)}</time>
                    {item.extended && <span className="muted"> {t('staff.due.extended')}</span>}
                    <br />
                    <DueBadge daysLeft={item.daysLeft} overdue={item.overdue} />
                  </>
                ) : (
                  '—'
                )}
              </td>
              <td data-label={t('staff.field.assignee')} className="cell--text">
                {item.assignee?.name ?? <span className="muted">{t('staff.assignee.none')}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

function Pager({ filters, nextCursor }: { filters: QueueFilters; nextCursor: string | null }) {
  const { t } = useStaffI18n();
  if (!nextCursor && !filters.cursor) return null;
  // Real links built from the URL (the trail of previous cursors), not history.back(): a page
  // opened from a bookmark or a shared link still goes back to its previous page in the app.
  return (
    <nav aria-label={t('staff.queue.pages')}>
      <ul className="pager">
        {filters.cursor && (
          <li>
            <Link
              className="button button--secondary"
              to={paths.staffQueue(filterParams(previousPage(filters)))}
            >
              {t('staff.queue.previous')}
            </Link>
          </li>
        )}
        {filters.prev.length > 0 && (
          <li>
            <Link to={paths.staffQueue(filterParams({ ...filters, cursor: '', prev: [] }))}>
              {t('staff.queue.first')}
            </Link>
          </li>
        )}
        {nextCursor && (
          <li>
            <Link
              className="button button--secondary"
              to={paths.staffQueue(filterParams(nextPage(filters, nextCursor)))}
            >
              {t('staff.queue.next')}
            </Link>
          </li>
        )}
      </ul>
    </nav>
  );
}
