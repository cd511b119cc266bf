import { useCallback, useEffect, useRef, useState } from 'react';
import { useParams } from 'react-router';
import { getRecords, type PackageRecord } from '../api/fulfilment.ts';
import { useStaffI18n } from '../i18n.ts';
import { TextArea } from './action-form.tsx';
import { DialogActionForm } from './dialog-action.tsx';
import type { FulfilmentPanelProps } from './fulfilment-panel.tsx';

interface Target {
  source: string;
  table: string;
}

/** Which table is under review, and the button that opened it (focus goes back there on close). */
export function useReview() {
  const [target, setTarget] = useState<Target | null>(null);
  const opener = useRef<HTMLElement | null>(null);
  return {
    target,
    isOpen: (source: string, table: string) => target?.source === source && target.table === table,
    open(source: string, table: string, from: HTMLElement) {
      opener.current = from;
      setTarget({ source, table });
    },
    close() {
      setTarget(null);
      opener.current?.focus();
    },
  };
}
type Review = ReturnType<typeof useReview>;

type Rows =
  | { state: 'loading' }
  | { state: 'failed' }
  | { state: 'ok'; items: PackageRecord[]; next: string | null };

// The draft's rows of one table, a page at a time, each with "leave out the row" and "leave out
// fields" (a reason is required; the package is rebuilt by the API after each exclusion).
export function PackageReview({ review, version, onDone }: FulfilmentPanelProps & { review: Review }) {
  const { t } = useStaffI18n();
  const { reference = '' } = useParams();
  const target = review.target as Target;
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [rows, setRows] = useState<Rows>({ state: 'loading' });
  const [more, setMore] = useState(false);
  const { source, table } = target;

  const load = useCallback(
    (signal?: AbortSignal) => {
      setRows({ state: 'loading' });
      getRecords(reference, { source, table }, signal)
        .then((page) => setRows({ state: 'ok', items: page.items, next: page.nextCursor }))
        .catch(() => {
          if (!signal?.aborted) setRows({ state: 'failed' });
        });
    },
    [reference, source, table],
  );

  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal);
    headingRef.current?.focus();
    return () => controller.abort();
  }, [load]);

  async function loadMore() {
    if (rows.state !== 'ok' || !rows.next || more) return;
    setMore(true);
    try {
      const page = await getRecords(reference, { source, table, cursor: rows.next });
      setRows({ state: 'ok', items: [...rows.items, ...page.items], next: page.nextCursor });
    } catch {
      setRows({ state: 'failed' });
    } finally {
      setMore(false);
    }
  }

  const excluded = useCallback(
    (intent: string) => {
      onDone(intent);
      load();
    },
    [onDone, load],
  );

  return (
    <section className="stack review" aria-labelledby="review-title">
      <h4 id="review-title" ref={headingRef} tabIndex={-1}>
        {t('staff.package.reviewHeading', { source, table })}
      </h4>
      <p>{t('staff.package.reviewIntro')}</p>
      <p role="status" className={rows.state === 'ok' ? 'visually-hidden' : 'notice'}>
        {rows.state === 'loading' && t('staff.package.loading')}
        {rows.state === 'failed' && t('staff.package.loadFailed')}
        {rows.state === 'ok' && rows.items.length === 0 && t('staff.package.empty')}
      </p>
      {rows.state === 'ok' && rows.items.length > 0 && (
        <ul className="tiles records">
          {rows.items.map((record) => (
            <RecordItem key={record.id} record={record} version={version} onDone={excluded} />
          ))}
        </ul>
      )}
      <p className="actions">
        {rows.state === 'ok' && rows.next && (
          <button
            type="button"
            className="button button--secondary"
            onClick={loadMore}
            aria-disabled={more || undefined}
          >
            {more ? t('staff.package.loading') : t('staff.package.more')}
          </button>
        )}
        <button type="button" className="button button--secondary" onClick={review.close}>
          {t('staff.package.closeReview')}
        </button>
      </p>
    </section>
  );
}

const show = (value: unknown) =>
  value === null || value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value);

function RecordItem({
  record,
  version,
  onDone,
}: {
  record: PackageRecord;
  version: number;
  onDone: (intent: string) => void;
}) {
  const { t } = useStaffI18n();
  const fields = Object.keys(record.data);
  const left = new Set(record.excludedFields);
  const dialogId = `dlg-exclude-${record.id}`;
  return (
    <li className={record.excluded ? 'tile stack record record--excluded' : 'tile stack record'}>
      <h5>{t('staff.package.row', { id: record.id })}</h5>
      <dl className="record__data">
        {fields.map((field) => (
          <div key={field} className={left.has(field) ? 'record__field--excluded' : undefined}>
            <dt>{field}</dt>
            <dd>
              {left.has(field) || record.excluded ? (
                <s>{show(record.data[field])}</s>
              ) : (
                show(record.data[field])
              )}
            </dd>
          </div>
        ))}
      </dl>
      {record.excluded && (
        <p className="notice notice--warning">
          {t('staff.package.rowExcluded', { reason: record.exclusionReason ?? '—' })}
        </p>
      )}
      {!record.excluded && left.size > 0 && (
        <p className="notice notice--warning">
          {t('staff.package.fieldsExcluded', {
            fields: [...left].join(', '),
            reason: record.exclusionReason ?? '—',
          })}
        </p>
      )}
      {!record.excluded && (
        <div className="row-actions">
          <DialogActionForm
            id={`${dialogId}-row`}
            fetcherKey={`exclude-${record.id}-row`}
            opener={t('staff.package.leaveOutRow')}
            title={`${t('staff.package.excludeTitle')} — ${t('staff.package.row', { id: record.id })}`}
            intent="exclude"
            version={version}
            submitLabel={t('staff.package.excludeSubmit')}
            onDone={onDone}
          >
            <input type="hidden" name="recordId" value={record.id} />
            <input type="hidden" name="scope" value="row" />
            <TextArea
              id={`${dialogId}-row-reason`}
              name="reason"
              label={t('staff.package.reason')}
              hint={t('staff.package.reasonHint')}
              rows={3}
              maxLength={2000}
            />
          </DialogActionForm>
          <DialogActionForm
            id={`${dialogId}-fields`}
            fetcherKey={`exclude-${record.id}-fields`}
            opener={t('staff.package.leaveOutFields')}
            title={`${t('staff.package.excludeTitle')} — ${t('staff.package.row', { id: record.id })}`}
            intent="exclude"
            version={version}
            submitLabel={t('staff.package.excludeSubmit')}
            onDone={onDone}
          >
            <input type="hidden" name="recordId" value={record.id} />
            <input type="hidden" name="scope" value="fields" />
            <fieldset className="fieldset">
              <legend className="field__label">{t('staff.package.fields')}</legend>
              <div className="choices">
                {fields.map((field) => (
                  <div className="choice" key={field}>
                    <input
                      id={`${dialogId}-f-${field}`}
                      type="checkbox"
                      name="fields"
                      value={field}
                      defaultChecked={left.has(field)}
                    />
                    <label htmlFor={`${dialogId}-f-${field}`}>{field}</label>
                  </div>
                ))}
              </div>
            </fieldset>
            <TextArea
              id={`${dialogId}-fields-reason`}
              name="reason"
              label={t('staff.package.reason')}
              hint={t('staff.package.reasonHint')}
              rows={3}
              maxLength={2000}
            />
          </DialogActionForm>
        </div>
      )}
    </li>
  );
}
