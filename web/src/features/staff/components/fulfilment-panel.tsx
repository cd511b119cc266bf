import type { FulfilmentSourceView, FulfilmentView } from '@dsr/shared/fulfilment';
import { useEffect, useRef } from 'react';
import { useRevalidator } from 'react-router';
import { formatDateTime } from '../../../lib/dates.ts';
import {
  kindLabel,
  matchWords,
  progressKey,
  rowsLabel,
  sourceErrorLabel,
  sourceStateLabel,
  stateTone,
} from '../fulfilment-words.ts';
import { useStaffI18n } from '../i18n.ts';
import { ActionForm } from './action-form.tsx';
import { FulfilmentIdentifiers } from './fulfilment-identifiers.tsx';
import { FulfilmentTasks } from './fulfilment-tasks.tsx';
import { PackagePanel } from './package-panel.tsx';

export interface FulfilmentPanelProps {
  fulfilment: FulfilmentView;
  version: number;
  requestType: string;
  /** Staff may act here (not an auditor, request still open). */
  canAct: boolean;
  onDone: (intent: string) => void;
}

const POLL_MS = 2000;

// What the portal did and does in the controller's systems for this request: per source its
// matches, state and rows; linked identifiers; manual tasks; the draft package. While a run is in
// progress (or matches are being counted, or the package is being built) the page's data is
// reloaded every 2 s.
export function FulfilmentPanel(props: FulfilmentPanelProps) {
  const { fulfilment } = props;
  const { t } = useStaffI18n();
  const busy = fulfilment.running || fulfilment.matching || fulfilment.package?.state === 'building';
  usePolling(busy);
  const progress = progressKey(fulfilment);
  const { done, total } = fulfilment.progress;
  return (
    <section className="stack panel fulfilment" aria-labelledby="fulfilment-title">
      <h2 id="fulfilment-title">{t('staff.fulfilment.heading')}</h2>
      <p
        role="status"
        className={progress.failed > 0 && !fulfilment.running ? 'notice notice--error' : 'notice'}
      >
        {t(progress.key, { done, total, failed: progress.failed })}
      </p>
      {fulfilment.running && total > 0 && (
        <progress className="fulfilment__progress" value={done} max={total} aria-hidden="true" />
      )}
      <section className="stack" aria-labelledby="sources-title">
        <h3 id="sources-title">{t('staff.fulfilment.sources')}</h3>
        {fulfilment.sources.length === 0 ? (
          <p>{t('staff.fulfilment.noSources')}</p>
        ) : (
          <ul className="tiles sources">
            {fulfilment.sources.map((source) => (
              <Source key={source.name} source={source} {...props} />
            ))}
          </ul>
        )}
      </section>
      <FulfilmentIdentifiers {...props} />
      <FulfilmentTasks {...props} />
      <PackagePanel {...props} />
    </section>
  );
}

/** Reloads the route's data every POLL_MS while `active`, when the tab is visible and idle. */
function usePolling(active: boolean) {
  const revalidator = useRevalidator();
  const latest = useRef(revalidator);
  latest.current = revalidator;
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      const { state, revalidate } = latest.current;
      if (state === 'idle' && document.visibilityState === 'visible') void revalidate();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [active]);
}

function Source({
  source,
  version,
  canAct,
  onDone,
}: { source: FulfilmentSourceView } & FulfilmentPanelProps) {
  const { t, locale } = useStaffI18n();
  const match = matchWords(source.kind, source.matchCount);
  const titleId = `source-${source.name}`;
  return (
    <li className="tile stack source">
      <div className="source__head">
        <h4 id={titleId}>{source.name}</h4>
        <span className={`badge badge--${stateTone(source.state)}`}>{sourceStateLabel(t, source.state)}</span>
      </div>
      <p className="field__hint">{kindLabel(t, source.kind)}</p>
      <p className={match.warning ? 'notice notice--warning' : undefined}>
        {t(match.key, { count: source.matchCount ?? 0 })}
      </p>
      {source.matches.length > 1 && (
        <ul className="plain-list">
          {source.matches.map((m) => (
            <li key={m.key}>{t('staff.fulfilment.matchedOn', { key: m.key, on: m.matchedOn })}</li>
          ))}
        </ul>
      )}
      {source.tables.length > 0 && (
        <ul className="plain-list" aria-label={t('staff.fulfilment.tables', { name: source.name })}>
          {source.tables.map((table) => (
            <li key={table.table}>
              {t('staff.fulfilment.tableRows', {
                table: table.table,
                category: table.category,
                rows: rowsLabel(t, table.rows),
              })}
            </li>
          ))}
        </ul>
      )}
      {source.state === 'failed' && source.lastError && (
        <p className="notice notice--error">{sourceErrorLabel(t, source.lastError.code)}</p>
      )}
      {source.attempts > 1 && <p>{t('staff.fulfilment.attempts', { count: source.attempts })}</p>}
      {source.nextAttemptAt && source.state !== 'done' && (
        <p>{t('staff.fulfilment.nextAttempt', { date: formatDateTime(locale, source.nextAttemptAt) })}</p>
      )}
      {source.finishedAt && source.state === 'done' && (
        <p>{t('staff.fulfilment.finishedAt', { date: formatDateTime(locale, source.finishedAt) })}</p>
      )}
      {source.state === 'failed' && canAct && (
        <ActionForm
          intent="retry_source"
          fetcherKey={`retry-${source.name}`}
          version={version}
          submitLabel={t('staff.fulfilment.retry', { name: source.name })}
          onDone={onDone}
        >
          <input type="hidden" name="source" value={source.name} />
        </ActionForm>
      )}
    </li>
  );
}
