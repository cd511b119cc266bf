import type { FulfilmentView } from '@dsr/shared/fulfilment';
import { type FormEvent, useContext, useId, useRef, useState } from 'react';
import { useParams, useRevalidator } from 'react-router';
import { isApiError } from '../../../lib/api-client.ts';
import { formatDateTime } from '../../../lib/dates.ts';
import { formatBytes } from '../../../lib/sizes.ts';
import { closeTask } from '../api/fulfilment.ts';
import { errorKey } from '../error-words.ts';
import { useStaffI18n } from '../i18n.ts';
import { loadSession } from '../session.ts';
import { DialogOpenings } from './action-form.tsx';
import { DialogAction } from './dialog-action.tsx';
import type { FulfilmentPanelProps } from './fulfilment-panel.tsx';

type Task = FulfilmentView['tasks'][number];

/** Types whose manual tasks may bring a file into the package (an export from that system). */
const WITH_FILE = ['access', 'portability'];
/** What the API stores as a task attachment (it answers 415 unsupported_media_type otherwise). */
const ACCEPTED_FILES =
  '.pdf,.csv,.json,.txt,.zip,.png,.jpg,.jpeg,application/pdf,text/csv,application/json,text/plain,application/zip,image/png,image/jpeg';

// Manual tasks: what to do in a system the portal cannot reach, and the evidence it was done.
export function FulfilmentTasks({ fulfilment, requestType, canAct, onDone }: FulfilmentPanelProps) {
  const { t, locale } = useStaffI18n();
  if (fulfilment.tasks.length === 0) return null;
  return (
    <section className="stack" aria-labelledby="ftasks-title">
      <h3 id="ftasks-title">{t('staff.ftasks.heading')}</h3>
      <ul className="tiles">
        {fulfilment.tasks.map((task) => (
          <li key={task.id} className="tile stack">
            <div className="source__head">
              <h4>{task.system}</h4>
              <span className={`badge badge--${task.status === 'done' ? 'done' : 'waiting'}`}>
                {t(task.status === 'done' ? 'staff.ftasks.done' : 'staff.ftasks.open')}
              </span>
            </div>
            <p className="message__body">{task.instructions}</p>
            {task.note && <p className="message__body notice">{task.note}</p>}
            {task.attachment && (
              <p>
                {t('staff.ftasks.attachment', {
                  name: task.attachment.name,
                  size: formatBytes(locale, task.attachment.sizeBytes),
                })}
              </p>
            )}
            {task.completedAt && (
              <p className="field__hint">
                {task.completedBy
                  ? t('staff.ftasks.closedBy', {
                      date: formatDateTime(locale, task.completedAt),
                      name: task.completedBy.name,
                    })
                  : t('staff.ftasks.closedAt', { date: formatDateTime(locale, task.completedAt) })}
              </p>
            )}
            {task.status === 'open' && canAct && (
              <DialogAction
                id={`dlg-task-${task.id}`}
                opener={t('staff.ftasks.close')}
                title={t('staff.ftasks.closeTitle', { system: task.system })}
                onDone={onDone}
              >
                {(done, cancel) => (
                  <CloseTaskForm
                    task={task}
                    withFile={WITH_FILE.includes(requestType)}
                    onDone={done}
                    onCancel={cancel}
                  />
                )}
              </DialogAction>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

type Sending =
  | { state: 'idle' }
  | { state: 'sending'; percent: number | null }
  | { state: 'failed'; code: string };

// Not a router form: the upload goes through XMLHttpRequest for its progress; the page's data is
// reloaded once the task is closed.
function CloseTaskForm({
  task,
  withFile,
  onDone,
  onCancel,
}: {
  task: Task;
  withFile: boolean;
  onDone: (intent: string) => void;
  onCancel: () => void;
}) {
  const { t } = useStaffI18n();
  const id = useId();
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const { reference = '' } = useParams();
  const revalidator = useRevalidator();
  const [sending, setSending] = useState<Sending>({ state: 'idle' });
  const [missingNote, setMissingNote] = useState(false);
  // A new opening of the dialog starts without the last attempt's failure.
  const openings = useContext(DialogOpenings);
  const [shownFor, setShownFor] = useState(openings);
  if (shownFor !== openings) {
    setShownFor(openings);
    setMissingNote(false);
    if (sending.state === 'failed') setSending({ state: 'idle' });
  }
  const busy = sending.state === 'sending';

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const form = new FormData(event.currentTarget);
    const note = String(form.get('note') ?? '').trim();
    const file = form.get('file');
    if (!note) {
      setMissingNote(true);
      noteRef.current?.focus();
      return;
    }
    setMissingNote(false);
    setSending({ state: 'sending', percent: null });
    try {
      const session = await loadSession();
      const attached = file instanceof File && file.size > 0 ? file : null;
      await closeTask(reference, task.id, { note, file: attached }, session.csrfToken, (fraction) =>
        setSending({ state: 'sending', percent: Math.round(fraction * 100) }),
      );
      await revalidator.revalidate();
      setSending({ state: 'idle' });
      onDone('close_task');
    } catch (error) {
      setSending({ state: 'failed', code: isApiError(error) ? error.code : 'failed' });
    }
  }

  return (
    <form className="stack" noValidate onSubmit={submit}>
      <p className="message__body">{task.instructions}</p>
      <div className="field">
        <label htmlFor={`${id}-note`} className="field__label">
          {t('staff.ftasks.note')}
        </label>
        <p id={`${id}-note-hint`} className="field__hint">
          {t('staff.ftasks.noteHint')}
        </p>
        {missingNote && (
          <p id={`${id}-note-error`} className="field__error">
            {t('staff.ftasks.noteMissing')}
          </p>
        )}
        <textarea
          ref={noteRef}
          id={`${id}-note`}
          name="note"
          rows={4}
          maxLength={5000}
          aria-required
          aria-invalid={missingNote || undefined}
          aria-describedby={missingNote ? `${id}-note-error ${id}-note-hint` : `${id}-note-hint`}
        />
      </div>
      {withFile && (
        <div className="field">
          <label htmlFor={`${id}-file`} className="field__label">
            {t('staff.ftasks.file')}
          </label>
          <p id={`${id}-file-hint`} className="field__hint">
            {t('staff.ftasks.fileHint', { system: task.system })}
          </p>
          <input
            id={`${id}-file`}
            name="file"
            type="file"
            accept={ACCEPTED_FILES}
            aria-describedby={`${id}-file-hint`}
          />
        </div>
      )}
      <p role="status" className={busy ? 'notice' : 'visually-hidden'}>
        {sending.state === 'sending'
          ? sending.percent === null
            ? t('staff.ftasks.sending')
            : t('staff.ftasks.progress', { percent: sending.percent })
          : ''}
      </p>
      {sending.state === 'sending' && sending.percent !== null && (
        <progress value={sending.percent} max={100} aria-hidden="true" />
      )}
      {sending.state === 'failed' && (
        <div className="notice notice--error" role="alert">
          <p>{t(errorKey(sending.code))}</p>
        </div>
      )}
      <p className="actions">
        <button type="submit" className="button" aria-disabled={busy || undefined}>
          {busy ? t('staff.ftasks.sending') : t('staff.ftasks.submit')}
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          {t('staff.action.cancel')}
        </button>
      </p>
    </form>
  );
}
