import type { StaffSession, StaffUserAdmin } from '@dsr/shared/staff';
import type { StaffRequestDetail } from '@dsr/shared/staff-requests';
import { useCallback, useEffect, useRef, useState } from 'react';
import { data, Link, type LoaderFunctionArgs, useLoaderData } from 'react-router';
import { getRequestDetail, type RequestDetail } from '../../../features/staff/api/requests.ts';
import { listUsers } from '../../../features/staff/api/users.ts';
import { AuditTrail } from '../../../features/staff/components/audit-trail.tsx';
import { FulfilmentPanel } from '../../../features/staff/components/fulfilment-panel.tsx';
import { ACTIONS_HEADING, RequestActions } from '../../../features/staff/components/request-actions.tsx';
import { RequestDetails } from '../../../features/staff/components/request-details.tsx';
import { RequestHeader } from '../../../features/staff/components/request-header.tsx';
import { RequestMessages } from '../../../features/staff/components/request-messages.tsx';
import { RequestOutcome } from '../../../features/staff/components/request-outcome.tsx';
import { detailAction } from '../../../features/staff/detail-action.ts';
import { useStaffT } from '../../../features/staff/i18n.ts';
import { withSession } from '../../../features/staff/session.ts';
import { isApiError } from '../../../lib/api-client.ts';
import { useDocumentTitle } from '../../../lib/i18n.tsx';
import { paths } from '../../../lib/paths.ts';

interface DetailData {
  detail: RequestDetail;
  session: StaffSession;
  /** Active agents and admins, for an admin's assign select; null for agents and auditors. */
  workers: StaffUserAdmin[] | null;
}

export async function loader({ request, params }: LoaderFunctionArgs): Promise<DetailData> {
  return withSession(request, async (session) => {
    const reference = params.reference ?? '';
    const usersPromise =
      session.user.role === 'admin'
        ? listUsers(request.signal).then((users) =>
            users.filter((u) => !u.disabled && (u.role === 'admin' || u.role === 'agent')),
          )
        : Promise.resolve(null);
    try {
      const [detail, workers] = await Promise.all([
        getRequestDetail(reference, request.signal),
        usersPromise,
      ]);
      return { detail, session, workers };
    } catch (error) {
      if (isApiError(error) && error.status === 404) throw data(null, { status: 404 });
      throw error;
    }
  });
}

export const action = detailAction;

/** Fulfilment can be acted on while the request is open and past verification. */
const OPEN: readonly string[] = ['verified', 'in_progress', 'awaiting_subject'];

export function Component() {
  const t = useStaffT();
  const { detail, session, workers } = useLoaderData() as DetailData;
  const title = t('staff.request.title', { reference: detail.reference });
  useDocumentTitle(title);
  const noticeRef = useRef<HTMLParagraphElement>(null);
  const [notice, setNotice] = useState('');

  const onDone = useCallback(
    (intent: string) => {
      setNotice(t('staff.action.done', { action: t(`staff.action.${intent}` as Parameters<typeof t>[0]) }));
      // After the dialog closes, or when the button that was used is gone with the new status.
      requestAnimationFrame(() => noticeRef.current?.focus());
    },
    [t],
  );

  // After a reload of the request (new version), the control that had focus may be gone with an
  // action the new state no longer allows: focus goes to the "Actions" heading, not to <body>.
  const shownVersion = useRef(detail.version);
  useEffect(() => {
    if (shownVersion.current === detail.version) return;
    shownVersion.current = detail.version;
    const active = document.activeElement;
    if (!active || active === document.body) document.getElementById(ACTIONS_HEADING)?.focus();
  }, [detail.version]);

  return (
    <div className="stack staff-request">
      <p>
        <Link to={paths.staffQueue()}>{t('staff.request.back')}</Link>
      </p>
      <h1>
        {t('staff.request.heading')} <span className="reference">{detail.reference}</span>
      </h1>
      <p ref={noticeRef} role="status" tabIndex={-1} className={notice ? 'notice' : 'visually-hidden'}>
        {notice}
      </p>
      {detail.personalDataPurgedAt && <p className="notice">{t('staff.request.purged')}</p>}
      <RequestHeader detail={detail} />
      <RequestActions detail={detail} user={session.user} workers={workers} onDone={onDone} />
      {detail.fulfilment?.applicable && (
        <FulfilmentPanel
          fulfilment={detail.fulfilment}
          version={detail.version}
          requestType={detail.type}
          canAct={session.user.role !== 'auditor' && OPEN.includes(detail.status)}
          onDone={onDone}
        />
      )}
      <RequestOutcome outcome={detail.outcome} />
      <RequestDetails detail={detail} />
      {!detail.fulfilment?.applicable && detail.tasks.length > 0 && <Tasks tasks={detail.tasks} />}
      <RequestMessages messages={detail.messages} />
      <AuditTrail entries={detail.audit} />
    </div>
  );
}

function Tasks({ tasks }: { tasks: StaffRequestDetail['tasks'] }) {
  const t = useStaffT();
  return (
    <section className="stack" aria-labelledby="tasks-title">
      <h2 id="tasks-title">{t('staff.tasks.heading')}</h2>
      <ul className="plain-list">
        {tasks.map((task) => (
          <li key={task.id}>
            <strong>{task.system}</strong> — {task.description} (
            {t(task.status === 'open' ? 'staff.tasks.open' : 'staff.tasks.done')})
          </li>
        ))}
      </ul>
    </section>
  );
}
