import { useState } from 'react';
import { getAccessToken } from '../../../lib/access-token.ts';
import { isApiError } from '../../../lib/api-client.ts';
import { formatDateTime } from '../../../lib/dates.ts';
import { useI18n } from '../../../lib/i18n.tsx';
import { formatBytes } from '../../../lib/sizes.ts';
import { downloadFile } from '../api/download-file.ts';
import type { Download, SubjectView } from '../api/subject-view.ts';
import { transferLine } from '../status-words.ts';

type Attempt =
  | { id: string; state: 'busy' }
  | { id: string; state: 'saved' }
  | { id: string; state: 'failed'; reason: 'expired' | 'signed-out' | 'other' };

/** Types whose answer is a file for the subject (unless it was sent to a named recipient). */
const WITH_FILE = ['access', 'portability'];

// The subject's files (the access / portability package): name, size, until when it can be
// fetched (controller's time zone), and a button that fetches it with the access token (a link
// could not carry the Authorization header, and the token stays out of URLs). A file past its
// date, or one the API answers 410 for, shows as expired; a completed request whose files all
// expired says so instead of showing nothing.
export function Downloads({ view, now = Date.now() }: { view: SubjectView; now?: number }) {
  const { t } = useI18n();
  const [attempt, setAttempt] = useState<Attempt | null>(null);
  const { downloads } = view;
  const transferred = view.transfers.length > 0;
  if (transferred && downloads.length === 0) return <Transfers view={view} />;
  if (downloads.length === 0) {
    if (view.status !== 'completed' || !WITH_FILE.includes(view.type) || transferred) return null;
    return (
      <section className="stack" aria-labelledby="downloads-title">
        <h2 id="downloads-title">{t('status.downloads.heading')}</h2>
        <p className="notice">{t('status.downloads.empty')}</p>
      </section>
    );
  }

  async function fetchFile(download: Download) {
    if (attempt?.state === 'busy') return;
    const token = getAccessToken();
    if (!token) return setAttempt({ id: download.id, state: 'failed', reason: 'signed-out' });
    setAttempt({ id: download.id, state: 'busy' });
    try {
      await downloadFile(token, download.id, download.fileName);
      setAttempt({ id: download.id, state: 'saved' });
    } catch (error) {
      const status = isApiError(error) ? error.status : 0;
      const reason = status === 410 ? 'expired' : status === 401 ? 'signed-out' : 'other';
      setAttempt({ id: download.id, state: 'failed', reason });
    }
  }

  return (
    <section className="stack" aria-labelledby="downloads-title">
      <h2 id="downloads-title">{t('status.downloads.heading')}</h2>
      <p>{t('status.downloads.intro')}</p>
      <ul className="downloads">
        {downloads.map((download) => (
          <DownloadItem
            key={download.id}
            download={download}
            now={now}
            attempt={attempt?.id === download.id ? attempt : null}
            onFetch={() => void fetchFile(download)}
          />
        ))}
      </ul>
    </section>
  );
}

// The package went to the recipient the subject named (Art. 20(2)), not to the subject: say so.
function Transfers({ view }: { view: SubjectView }) {
  const { t, locale } = useI18n();
  return (
    <section className="stack" aria-labelledby="transfers-title">
      <h2 id="transfers-title">{t('status.transfers.heading')}</h2>
      {view.transfers.map((transfer) => (
        <p key={transfer.at} className="notice">
          {transferLine(t, locale, transfer)}
        </p>
      ))}
    </section>
  );
}

function DownloadItem({
  download,
  now,
  attempt,
  onFetch,
}: {
  download: Download;
  now: number;
  attempt: Attempt | null;
  onFetch: () => void;
}) {
  const { t, locale } = useI18n();
  const until = formatDateTime(locale, download.expiresAt);
  const expired =
    new Date(download.expiresAt).getTime() <= now ||
    (attempt?.state === 'failed' && attempt.reason === 'expired');
  const busy = attempt?.state === 'busy';
  return (
    <li className="download stack">
      <p className="download__name">{download.fileName}</p>
      <p className="field__hint">
        {download.sizeBytes !== null && (
          <>
            {t('status.downloads.size', { size: formatBytes(locale, download.sizeBytes) })}
            <br />
          </>
        )}
        {!expired && t('status.downloads.until', { date: until })}
      </p>
      {expired ? (
        <p className="notice notice--warning">{t('status.downloads.expired', { date: until })}</p>
      ) : (
        <p>
          <button type="button" className="button" aria-disabled={busy || undefined} onClick={onFetch}>
            {busy ? t('status.downloads.busy') : t('status.downloads.get', { name: download.fileName })}
          </button>
        </p>
      )}
      <p role="status" className={attempt?.state === 'saved' ? 'notice' : 'visually-hidden'}>
        {attempt?.state === 'saved' ? t('status.downloads.saved', { name: download.fileName }) : ''}
      </p>
      {attempt?.state === 'failed' && attempt.reason !== 'expired' && (
        <p className="field__error" role="alert">
          {t(attempt.reason === 'signed-out' ? 'status.downloads.signedOut' : 'status.downloads.failed')}
        </p>
      )}
    </li>
  );
}
