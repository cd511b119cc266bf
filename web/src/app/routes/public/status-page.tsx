import type { AppealAnswer } from '@dsr/shared/appeals';
import { useEffect, useRef, useState } from 'react';
import { Link, useFetcher, useLoaderData, useRevalidator } from 'react-router';
import { openMyAppeal } from '../../../features/status/api/my-request.ts';
import type { SubjectView } from '../../../features/status/api/subject-view.ts';
import { AppealForm } from '../../../features/status/components/appeal-form.tsx';
import { CancelRequest } from '../../../features/status/components/cancel-request.tsx';
import { Corrections } from '../../../features/status/components/corrections.tsx';
import { Downloads } from '../../../features/status/components/downloads.tsx';
import { ErasureOutcome } from '../../../features/status/components/erasure-outcome.tsx';
import { Messages } from '../../../features/status/components/messages.tsx';
import { Objections } from '../../../features/status/components/objections.tsx';
import { Outcome } from '../../../features/status/components/outcome.tsx';
import { RequestAsked } from '../../../features/status/components/request-asked.tsx';
import { RequestSummary } from '../../../features/status/components/request-summary.tsx';
import { Timeline } from '../../../features/status/components/timeline.tsx';
import {
  type ActionResult,
  APPEAL_FETCHER,
  CANCEL_FETCHER,
  MESSAGE_FETCHER,
  type StateProblem,
  type StatusData,
  stateProblem,
  statusAction,
  statusLoader,
} from '../../../features/status/status-data.ts';
import { getAccessToken, setAccessToken } from '../../../lib/access-token.ts';
import { controller } from '../../../lib/controller.ts';
import { formatDate } from '../../../lib/dates.ts';
import { useDocumentTitle, useI18n, useT } from '../../../lib/i18n.tsx';
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
      <h1 id={TITLE_ID} tabIndex={-1}>
        {t('status.title')}
      </h1>
      <ProblemNotice />
      <p ref={noticeRef} role="status" tabIndex={-1} className={cancelled ? 'notice' : 'visually-hidden'}>
        {cancelled ? t('status.cancel.done') : ''}
      </p>
      {view.status === 'awaiting_subject' && <p className="notice notice--warning">{t('status.awaiting')}</p>}
      <RequestSummary view={view} />
      <RequestAsked view={view} />
      {view.extension && (
        <p className="notice">
          {t('status.extension', { months: view.extension.months })}
          {view.extension.reason ? ` ${view.extension.reason}` : ''}
        </p>
      )}
      <Outcome outcome={view.outcome} />
      <Corrections view={view} />
      <Objections view={view} />
      <Downloads view={view} />
      <ErasureOutcome view={view} />
      <Messages messages={view.messages} canReply={can('reply')} />
      <Timeline entries={view.timeline} />
      {can('appeal') && (
        <AppealForm appealUntil={view.outcome?.type === 'denied' ? view.outcome.appealUntil : null} />
      )}
      <AppealFiled />
      {view.appeal && <AppealRecorded appeal={view.appeal} />}
      {can('cancel') && <CancelRequest />}
      <p className="actions no-print">
        <button type="button" className="button button--secondary" onClick={() => window.print()}>
          {t('status.print')}
        </button>
      </p>
    </div>
  );
}

const TITLE_ID = 'status-title';

// An action refused because the request changed meanwhile (closed, already appealed, appeal
// window over). The page reloads after every action, so the form that failed is often gone by
// then: this notice lives at page level, stays after the reload and takes focus.
function ProblemNotice() {
  const t = useT();
  const appeal = useFetcher<ActionResult>({ key: APPEAL_FETCHER });
  const cancel = useFetcher<ActionResult>({ key: CANCEL_FETCHER });
  const message = useFetcher<ActionResult>({ key: MESSAGE_FETCHER });
  const ref = useRef<HTMLDivElement>(null);
  // Results present when the page mounted belong to an earlier visit.
  const seen = useRef(new Set([appeal.data, cancel.data, message.data]));
  const [problem, setProblem] = useState<{ code: StateProblem; result: ActionResult } | null>(null);

  useEffect(() => {
    const all = [
      { state: appeal.state, data: appeal.data },
      { state: cancel.state, data: cancel.data },
      { state: message.state, data: message.data },
    ];
    if (all.some((f) => f.state === 'submitting')) return setProblem(null); // a new attempt
    for (const { state, data } of all) {
      const code = state === 'idle' ? stateProblem(data) : null;
      if (!code || !data || seen.current.has(data)) continue;
      seen.current.add(data);
      setProblem({ code, result: data });
    }
  }, [appeal.state, appeal.data, cancel.state, cancel.data, message.state, message.data]);

  useEffect(() => {
    if (problem) ref.current?.focus();
  }, [problem]);

  return (
    <div
      ref={ref}
      id="status-problem"
      role="status"
      tabIndex={-1}
      className={problem ? 'notice notice--warning' : 'visually-hidden'}
    >
      {problem && (
        <p>
          {t(`status.problem.${problem.code}`, { authority: controller().supervisoryAuthority.shortName })}
        </p>
      )}
    </div>
  );
}

// A denied request that was appealed, on any later visit: the appeal's reference and deadline, and
// "follow my appeal", which asks the API for an access token to the appeal (this request's token
// does not open it) and shows it. Hidden while the just-filed notice above says the same.
function AppealRecorded({ appeal }: { appeal: NonNullable<SubjectView['appeal']> }) {
  const { t, locale } = useI18n();
  const filed = useFetcher<ActionResult>({ key: APPEAL_FETCHER });
  const revalidator = useRevalidator();
  const [state, setState] = useState<'idle' | 'busy' | 'failed'>('idle');
  if (filed.data?.ok && filed.data.appeal?.reference === appeal.reference) return null;
  async function follow() {
    const token = getAccessToken();
    if (!token || state === 'busy') return;
    setState('busy');
    try {
      const answer = await openMyAppeal(token);
      setAccessToken(answer.accessToken);
      await revalidator.revalidate();
      setState('idle');
      requestAnimationFrame(() => document.getElementById(TITLE_ID)?.focus());
    } catch {
      setState('failed');
    }
  }
  return (
    <section className="stack" aria-labelledby="appeal-recorded-title">
      <h2 id="appeal-recorded-title">{t('status.appeal.recordedHeading')}</h2>
      <p>{t('status.appeal.recorded')}</p>
      <dl className="summary">
        <div>
          <dt>{t('status.appeal.reference')}</dt>
          <dd className="reference">{appeal.reference}</dd>
        </div>
      </dl>
      {appeal.dueAt && <p>{t('status.appeal.recordedDue', { date: formatDate(locale, appeal.dueAt) })}</p>}
      {state === 'failed' && (
        <p className="notice notice--warning" role="alert">
          {t('status.appeal.followFailed')}
        </p>
      )}
      <p className="no-print">
        <button
          type="button"
          className="button button--secondary"
          aria-disabled={state === 'busy' || undefined}
          onClick={() => void follow()}
        >
          {t('status.appeal.follow')}
        </button>
      </p>
    </section>
  );
}

// After an appeal: its reference and deadline, and a way to follow it (the answer carries the
// appeal's own access token; the denied request's token keeps opening the denied request). Once
// followed, the page shows the appeal and this notice goes.
function AppealFiled() {
  const { t, locale } = useI18n();
  const appeal = useFetcher<ActionResult>({ key: APPEAL_FETCHER });
  const revalidator = useRevalidator();
  const ref = useRef<HTMLDivElement>(null);
  const [followed, setFollowed] = useState<AppealAnswer | undefined>(undefined);
  const answer = appeal.data?.ok ? appeal.data.appeal : undefined;
  const filed = answer && answer !== followed ? answer : undefined;
  useEffect(() => {
    if (filed) ref.current?.focus();
  }, [filed]);
  return (
    <div ref={ref} role="status" tabIndex={-1} className={filed ? 'notice stack' : 'visually-hidden'}>
      {filed && (
        <>
          <p>
            {t('status.appeal.filed', { reference: filed.reference, date: formatDate(locale, filed.dueAt) })}
          </p>
          <p>
            <button
              type="button"
              className="button button--secondary"
              onClick={() => {
                setAccessToken(filed.accessToken);
                void revalidator.revalidate().then(() => {
                  setFollowed(filed);
                  // The button goes with the notice: start again at the top of the appeal's page.
                  requestAnimationFrame(() => document.getElementById(TITLE_ID)?.focus());
                });
              }}
            >
              {t('status.appeal.follow')}
            </button>
          </p>
        </>
      )}
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
