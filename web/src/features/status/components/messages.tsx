import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useFetcher } from 'react-router';
import { formatDateTime } from '../../../lib/dates.ts';
import { useI18n } from '../../../lib/i18n.tsx';
import type { SubjectMessage } from '../api/subject-view.ts';
import { type ActionResult, MESSAGE_FETCHER, stateProblem } from '../status-data.ts';

const MAX = 5000;

export function Messages({ messages, canReply }: { messages: SubjectMessage[]; canReply: boolean }) {
  const { t, locale } = useI18n();
  const sorted = [...messages].sort((a, b) => a.at.localeCompare(b.at));
  return (
    <section className="stack" aria-labelledby="messages-title">
      <h2 id="messages-title">{t('status.messages.heading')}</h2>
      {sorted.length === 0 ? (
        <p>{t('status.messages.empty')}</p>
      ) : (
        <ol className="messages">
          {sorted.map((message, index) => {
            const mine = message.from === 'subject';
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: messages have no id; the list is append-only and sorted by time.
              <li key={`${message.at}-${index}`} className={mine ? 'message message--mine' : 'message'}>
                <p className="message__meta">
                  <strong>{mine ? t('status.messages.you') : t('status.messages.controller')}</strong>{' '}
                  <time dateTime={message.at}>{formatDateTime(locale, message.at)}</time>
                </p>
                <p className="message__body">{message.body}</p>
              </li>
            );
          })}
        </ol>
      )}
      {canReply && <ReplyForm />}
    </section>
  );
}

function ReplyForm() {
  const { t } = useI18n();
  const fetcher = useFetcher<ActionResult>({ key: MESSAGE_FETCHER });
  const formRef = useRef<HTMLFormElement>(null);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const [error, setError] = useState<'required' | 'failed' | null>(null);
  const [sent, setSent] = useState(false);
  const handled = useRef<ActionResult | undefined>(undefined);
  const busy = fetcher.state !== 'idle';

  useEffect(() => {
    const data = fetcher.data;
    if (fetcher.state !== 'idle' || !data || handled.current === data) return;
    handled.current = data;
    if (data.ok) {
      formRef.current?.reset();
      setSent(true);
    } else if (stateProblem(data)) {
      return; // the request is closed: the page says so and takes focus
    } else {
      setError('failed');
    }
    textRef.current?.focus();
  }, [fetcher.state, fetcher.data]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    setSent(false);
    if (busy) {
      event.preventDefault();
      return;
    }
    if ((textRef.current?.value ?? '').trim() === '') {
      event.preventDefault();
      setError('required');
      textRef.current?.focus();
      return;
    }
    setError(null);
  }

  return (
    <fetcher.Form method="post" ref={formRef} className="stack reply" noValidate onSubmit={onSubmit}>
      <input type="hidden" name="intent" value="message" />
      <div className={error ? 'field field--error' : 'field'}>
        <label htmlFor="reply-body" className="field__label">
          {t('status.reply.label')}
        </label>
        <p id="reply-hint" className="field__hint">
          {t('status.reply.hint')}
        </p>
        {error && (
          <p id="reply-error" className="field__error">
            <span className="visually-hidden">{t('form.errorPrefix')} </span>
            {t(error === 'required' ? 'status.reply.required' : 'status.reply.failed')}
          </p>
        )}
        <textarea
          ref={textRef}
          id="reply-body"
          name="body"
          rows={4}
          maxLength={MAX}
          aria-required
          aria-invalid={error === 'required' || undefined}
          aria-describedby={error ? 'reply-hint reply-error' : 'reply-hint'}
          onChange={() => setSent(false)}
        />
      </div>
      <p className="actions">
        <button type="submit" className="button" aria-disabled={busy || undefined}>
          {busy ? t('form.sending') : t('status.reply.submit')}
        </button>
      </p>
      <p role="status" className="notice-inline">
        {sent ? t('status.reply.sent') : ''}
      </p>
    </fetcher.Form>
  );
}
