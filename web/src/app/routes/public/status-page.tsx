import { useEffect, useRef } from 'react';
import { Link, useFetcher, useLoaderData } from 'react-router';
import type { SubjectView } from '../../../features/status/api/subject-view.ts';
import { CANCEL_FETCHER, CancelRequest } from '../../../features/status/components/cancel-request.tsx';
import { Messages } from '../../../features/status/components/messages.tsx';
import { Downloads, Outcome } from '../../../features/status/components/outcome.tsx';
import { RequestSummary } from '../../../features/status/components/request-summary.tsx';
import { Timeline } from '../../../features/status/components/timeline.tsx';
import {
  type ActionResult,
  type StatusData,
  statusAction,
  statusLoader,
} from '../../../features/status/status-data.ts';
import { useDocumentTitle, useT } from '../../../lib/i18n.tsx';
import { paths } from '../../../lib/paths.ts';

// Lazy route module (router.tsx): loader reads GET /requests/me with the stored access token,
// action posts a message or the cancellation, after which the loader runs again.
export const loader = statusLoader;
export const action = statusAction;

export function Component() {
  const t = useT();
  const data = useLoaderData() as StatusData;
  useDocumentTitle(t('status.title'));
  if (data.kind === 'signed-out') return <SignedOut reason={data.reason} />;
  return <StatusView view={data.view} />;
}

function StatusView({ view }: { view: SubjectView }) {
  const t = useT();
  const noticeRef = useRef<HTMLParagraphElement>(null);
  const cancel = useFetcher<ActionResult>({ key: CANCEL_FETCHER });
  const cancelled = cancel.state === 'idle' && cancel.data?.ok === true;
  useEffect(() => {
    if (cancelled) noticeRef.current?.focus();
  }, [cancelled]);
  const can = (action: SubjectView['allowedActions'][number]) => view.allowedActions.includes(action);

  return (
    <div className="stack status-page">
      <h1>{t('status.title')}</h1>
      <p ref={noticeRef} role="status" tabIndex={-1} className={cancelled ? 'notice' : 'visually-hidden'}>
        {cancelled ? t('status.cancel.done') : ''}
      </p>
      {view.status === 'awaiting_subject' && <p className="notice notice--warning">{t('status.awaiting')}</p>}
      <RequestSummary view={view} />
      {view.extension && (
        <p className="notice">
          {t('status.extension', { months: view.extension.months })}
          {view.extension.reason ? ` ${view.extension.reason}` : ''}
        </p>
      )}
      <Outcome outcome={view.outcome} />
      <Downloads downloads={view.downloads} />
      <Messages messages={view.messages} canReply={can('reply')} />
      <Timeline entries={view.timeline} />
      {can('cancel') && <CancelRequest />}
    </div>
  );
}

function SignedOut({ reason }: { reason: 'no-token' | 'expired' }) {
  const t = useT();
  return (
    <div className="stack">
      <h1>{t('status.title')}</h1>
      <p>{t(reason === 'expired' ? 'status.signedOut.expired' : 'status.signedOut.none')}</p>
      <p className="actions">
        <Link to={paths.statusLostLink()} className="button">
          {t('status.lostLink')}
        </Link>
      </p>
    </div>
  );
}
