import { useI18n } from '../../../lib/i18n.tsx';
import type { SubjectView } from '../api/subject-view.ts';

// Rectification: what staff decided on each correction the subject asked for, a refusal with its
// reason (GET /requests/me `corrections`). Nothing is shown before staff decided.
export function Corrections({ view }: { view: SubjectView }) {
  const { t } = useI18n();
  const decided = (view.corrections ?? []).filter((c) => c.decision !== null);
  if (decided.length === 0) return null;
  return (
    <section className="stack" aria-labelledby="corrections-title">
      <h2 id="corrections-title">{t('status.corrections.heading')}</h2>
      <ul className="stack">
        {decided.map((c) => (
          <li key={c.index}>
            <strong>{c.label ?? t('form.corrections.other')}</strong>
            {' — '}
            <span>{c.correctedValue}</span>
            {' — '}
            {c.decision === 'accepted'
              ? t('status.corrections.accepted')
              : t('status.corrections.refused', { reason: c.reason ?? '' })}
          </li>
        ))}
      </ul>
    </section>
  );
}
