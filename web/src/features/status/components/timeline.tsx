import { formatDateTime } from '../../../lib/dates.ts';
import { useI18n } from '../../../lib/i18n.tsx';
import type { TimelineEntry } from '../api/subject-view.ts';
import { eventLabel } from '../status-words.ts';

export function Timeline({ entries }: { entries: TimelineEntry[] }) {
  const { t, locale } = useI18n();
  const sorted = [...entries].sort((a, b) => a.at.localeCompare(b.at));
  return (
    <section className="stack" aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t('status.timeline.heading')}</h2>
      {sorted.length === 0 ? (
        <p>{t('status.timeline.empty')}</p>
      ) : (
        <ol className="timeline">
          {sorted.map((entry, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: entries have no id; the list is append-only and sorted by time.
            <li key={`${entry.at}-${index}`}>
              <time dateTime={entry.at}>{formatDateTime(locale, entry.at)}</time>
              <span className="timeline__what">{eventLabel(t, entry)}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
