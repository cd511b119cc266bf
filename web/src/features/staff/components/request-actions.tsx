import { extendDueAt } from '@dsr/shared/deadline';
import type { StaffUser, StaffUserAdmin } from '@dsr/shared/staff';
import type { StaffRequestDetail } from '@dsr/shared/staff-requests';
import { DENIAL_REASON_CODES } from '@dsr/shared/statuses';
import { useState } from 'react';
import { controller } from '../../../lib/controller.ts';
import { formatDate } from '../../../lib/dates.ts';
import { useStaffI18n, useStaffT } from '../i18n.ts';
import { denialLabel } from '../words.ts';
import { ActionForm, FieldError, TextArea, useFieldError } from './action-form.tsx';
import { DialogAction, DialogActionForm } from './dialog-action.tsx';
import { ObjectionReview, objectionPurposesToDecide } from './objection-review.tsx';
import { RectificationReview } from './rectification-review.tsx';

type Action = StaffRequestDetail['allowedActions'][number];

/** Id of the "Actions" heading: where focus goes when the control that had it is gone. */
export const ACTIONS_HEADING = 'actions-title';

// The actions the server says this staff member may take now (status, extension rule, role,
// appeal reviewer rule), and nothing else. Actions that need words open a dialog.
interface ActionsProps {
  detail: StaffRequestDetail;
  user: StaffUser;
  /** Active agents and admins (admins only; agents assign to themselves). */
  workers: StaffUserAdmin[] | null;
  onDone: (intent: string) => void;
}

export function RequestActions({ detail, user, workers, onDone }: ActionsProps) {
  const { t } = useStaffI18n();
  const can = (action: Action) => detail.allowedActions.includes(action);
  const v = detail.version;
  // An objection with purposes besides direct marketing is fulfilled from its per-purpose review.
  const objectionReview =
    detail.type === 'objection' && can('fulfil') && objectionPurposesToDecide(detail.details).length > 0;
  const decisionBlocked =
    detail.appealOf !== null &&
    user.role === 'admin' &&
    !can('complete') &&
    !can('deny') &&
    detail.status !== 'completed' &&
    detail.status !== 'denied';
  const inline = (intent: 'start' | 'resume' | 'fulfil') => (
    <ActionForm
      intent={intent}
      version={v}
      submitLabel={t(`staff.action.${intent}`)}
      onDone={onDone}
      className="inline-form"
    />
  );

  if (detail.allowedActions.length === 0) {
    return (
      <section className="stack panel" aria-labelledby={ACTIONS_HEADING}>
        <h2 id={ACTIONS_HEADING} tabIndex={-1}>
          {t('staff.actions.heading')}
        </h2>
        <p>{t(user.role === 'auditor' ? 'staff.actions.auditor' : 'staff.actions.none')}</p>
      </section>
    );
  }

  return (
    <section className="stack panel" aria-labelledby={ACTIONS_HEADING}>
      <h2 id={ACTIONS_HEADING} tabIndex={-1}>
        {t('staff.actions.heading')}
      </h2>
      {decisionBlocked && <p className="notice notice--warning">{t('staff.appeal.otherAdmin')}</p>}
      {detail.type === 'rectification' && detail.status === 'in_progress' && (
        <RectificationReview
          reference={detail.reference}
          version={v}
          canFulfil={can('fulfil')}
          onDone={onDone}
        />
      )}
      {objectionReview && <ObjectionReview details={detail.details} version={v} onDone={onDone} />}
      <div className="action-buttons">
        {can('start') && inline('start')}
        {can('resume') && inline('resume')}
        {/* Listed by the API once the request is in progress and its type has work in the sources. */}
        {can('fulfil') && detail.type !== 'rectification' && !objectionReview && inline('fulfil')}
        {can('lift_restriction') && <TextDialog dialog="lift" version={v} onDone={onDone} />}
        {can('request_info') && <TextDialog dialog="info" version={v} onDone={onDone} />}
        {can('extend') && detail.dueAt && (
          <DialogAction
            id="dlg-extend"
            opener={t('staff.action.extend')}
            title={t('staff.extend.title')}
            onDone={onDone}
          >
            {(done, cancel) => <ExtendForm detail={detail} onDone={done} onCancel={cancel} />}
          </DialogAction>
        )}
        {can('complete') && (
          <DialogActionForm
            id="dlg-complete"
            opener={t('staff.action.complete')}
            title={t('staff.complete.title')}
            intent="complete"
            version={v}
            submitLabel={t('staff.complete.submit')}
            onDone={onDone}
          >
            <p>{t('staff.complete.intro')}</p>
            <TextArea
              id="complete-outcome"
              name="outcome"
              label={t('staff.complete.outcome')}
              rows={6}
              maxLength={10000}
            />
          </DialogActionForm>
        )}
        {can('deny') && (
          <DialogActionForm
            id="dlg-deny"
            opener={t('staff.action.deny')}
            title={t('staff.deny.title')}
            danger
            intent="deny"
            version={v}
            submitLabel={t('staff.deny.submit')}
            onDone={onDone}
          >
            <p className="notice notice--warning">
              {t(detail.appealOf ? 'staff.deny.warningAppeal' : 'staff.deny.warning', {
                authority: controller().supervisoryAuthority.shortName,
              })}
            </p>
            <DenyReason />
            <TextArea
              id="deny-explanation"
              name="explanation"
              label={t('staff.deny.explanation')}
              hint={t('staff.deny.explanationHint')}
              rows={5}
              maxLength={5000}
            />
          </DialogActionForm>
        )}
      </div>
      <ExtendUnavailable detail={detail} can={can} />
      {can('assign') && <AssignForm detail={detail} user={user} workers={workers} onDone={onDone} />}
      {can('message') && (
        <ActionForm intent="message" version={v} submitLabel={t('staff.message.submit')} onDone={onDone}>
          <TextArea
            id="message-body"
            name="body"
            label={t('staff.message.label')}
            hint={t('staff.message.hint')}
            maxLength={5000}
          />
        </ActionForm>
      )}
      {can('note') && (
        <ActionForm intent="note" version={v} submitLabel={t('staff.note.submit')} onDone={onDone}>
          <TextArea
            id="note-body"
            name="body"
            label={t('staff.note.label')}
            hint={t('staff.note.hint')}
            rows={3}
            maxLength={5000}
          />
        </ActionForm>
      )}
    </section>
  );
}

// A dialog with an introduction and one text, sent with the action: its words are the catalogue's
// `staff.<dialog>.*` keys; the action, the text's field name, label and bound per dialog.
const TEXT_FIELDS = {
  lift: { intent: 'lift_restriction', name: 'reason', label: 'staff.lift.reason', maxLength: 2000 },
  info: { intent: 'request_info', name: 'body', label: 'staff.info.body', maxLength: 5000 },
} as const satisfies Record<string, { intent: Action; name: string; label: string; maxLength: number }>;

function TextDialog({
  dialog,
  version,
  onDone,
}: {
  dialog: keyof typeof TEXT_FIELDS;
  version: number;
  onDone: (intent: string) => void;
}) {
  const t = useStaffT();
  const field = TEXT_FIELDS[dialog];
  const intent = field.intent;
  return (
    <DialogActionForm
      id={`dlg-${dialog}`}
      opener={t(`staff.action.${intent}`)}
      title={t(`staff.${dialog}.title`)}
      intent={intent}
      version={version}
      submitLabel={t(`staff.${dialog}.submit`)}
      onDone={onDone}
    >
      <p>{t(`staff.${dialog}.intro`)}</p>
      <TextArea
        id={`${dialog}-${field.name}`}
        name={field.name}
        label={t(field.label)}
        maxLength={field.maxLength}
      />
    </DialogActionForm>
  );
}

// Why "Extend the deadline" is not offered on a request still being worked: it was extended
// once already, or its deadline has passed (Art. 12(3): an extension is announced within the
// first month). Said where the button would be, so nobody looks for it.
function ExtendUnavailable({
  detail,
  can,
}: {
  detail: StaffRequestDetail;
  can: (action: StaffRequestDetail['allowedActions'][number]) => boolean;
}) {
  const { t, locale } = useStaffI18n();
  const working = ['verified', 'in_progress', 'awaiting_subject'].includes(detail.status);
  if (!working || can('extend') || !(can('message') || can('note'))) return null;
  if (detail.extension) return <p className="muted">{t('staff.extend.unavailable.extended')}</p>;
  if (detail.overdue && detail.dueAt) {
    return (
      <p className="muted">
        {t('staff.extend.unavailable.overdue', { date: formatDate(locale, detail.dueAt) })}
      </p>
    );
  }
  return null;
}

function DenyReason() {
  const t = useStaffT();
  const { invalid, errorId } = useFieldError('deny-reason', 'reasonCode');
  return (
    <div className={invalid ? 'field field--error' : 'field'}>
      <label htmlFor="deny-reason" className="field__label">
        {t('staff.deny.reason')}
      </label>
      <FieldError id="deny-reason" name="reasonCode" />
      <select
        id="deny-reason"
        name="reasonCode"
        aria-required
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? errorId : undefined}
        defaultValue=""
      >
        <option value="" disabled>
          {t('staff.deny.choose')}
        </option>
        {DENIAL_REASON_CODES.map((code) => (
          <option key={code} value={code}>
            {denialLabel(t, code)}
          </option>
        ))}
      </select>
    </div>
  );
}

function ExtendForm({
  detail,
  onDone,
  onCancel,
}: {
  detail: StaffRequestDetail;
  onDone: (intent: string) => void;
  onCancel: () => void;
}) {
  const { t, locale } = useStaffI18n();
  const [months, setMonths] = useState<1 | 2>(2);
  const dueAt = new Date(detail.dueAt ?? 0);
  const verifiedAt = detail.verifiedAt ? new Date(detail.verifiedAt) : undefined;
  const newDue = (m: number) =>
    formatDate(locale, extendDueAt(dueAt, m, controller().timeZone, verifiedAt).toISOString());
  return (
    <ActionForm
      intent="extend"
      version={detail.version}
      submitLabel={t('staff.extend.submit')}
      onDone={onDone}
      onCancel={onCancel}
    >
      <p>{t('staff.extend.intro', { date: formatDate(locale, dueAt.toISOString()) })}</p>
      <fieldset className="fieldset">
        <legend className="field__label">{t('staff.extend.months')}</legend>
        <div className="choices">
          {([1, 2] as const).map((m) => (
            <div className="choice" key={m}>
              <input
                id={`extend-${m}`}
                type="radio"
                name="months"
                value={m}
                checked={months === m}
                onChange={() => setMonths(m)}
              />
              <label htmlFor={`extend-${m}`}>
                {t(m === 1 ? 'staff.extend.one' : 'staff.extend.two', { date: newDue(m) })}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
      <p className="notice" aria-live="polite">
        {t('staff.extend.newDue', { date: newDue(months) })}
      </p>
      <TextArea
        id="extend-reason"
        name="reason"
        label={t('staff.extend.reason')}
        hint={t('staff.extend.reasonHint')}
        rows={3}
        maxLength={2000}
      />
    </ActionForm>
  );
}

function AssignForm({ detail, user, workers, onDone }: ActionsProps) {
  const { t } = useStaffI18n();
  const mine = detail.assignee?.id === user.id;
  if (workers) {
    return (
      <ActionForm
        intent="assign"
        version={detail.version}
        submitLabel={t('staff.assign.submit')}
        onDone={onDone}
        className="inline-form"
      >
        <div className="field">
          <label htmlFor="assign-to" className="field__label">
            {t('staff.assign.label')}
          </label>
          <select
            id="assign-to"
            name="assigneeId"
            defaultValue={detail.assignee?.id ?? ''}
            key={detail.version}
          >
            <option value="">{t('staff.assignee.none')}</option>
            {workers.map((worker) => (
              <option key={worker.id} value={worker.id}>
                {worker.id === user.id ? t('staff.assign.me', { name: worker.name }) : worker.name}
              </option>
            ))}
          </select>
        </div>
      </ActionForm>
    );
  }
  // Agents: no user directory; they take the request or hand it back.
  return (
    <ActionForm
      intent="assign"
      version={detail.version}
      submitLabel={mine ? t('staff.assign.release') : t('staff.assign.self')}
      onDone={onDone}
      className="inline-form"
    >
      <input type="hidden" name="assigneeId" value={mine ? '' : user.id} />
    </ActionForm>
  );
}
