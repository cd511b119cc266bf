import { useI18n } from '../../../lib/i18n.tsx';
import type { SubjectView } from '../api/subject-view.ts';

// Objection: what staff decided on each purpose other than direct marketing, a refusal with the
// compelling legitimate grounds (GET /requests/me `objections`). Nothing is shown before staff decided.
export function Objections({ view }: { view: SubjectView }) {
  const { t } = useI18n();
  const decided = view.objections ?? [];
  if (decided.length === 0) return null;
  return (
    <section className="stack" aria-labelledby="objections-title">
      <h2 id="objections-title">{t('status.objections.heading')}</h2>
      <ul className="stack">
        {decided.map((o) => (
          <li key={o.purpose}>
            <strong>{o.label}</strong>
            {' — '}
            {o.decision === 'accepted'
              ? t('status.objections.accepted')
              : t('status.objections.refused', { reason: o.reason ?? '' })}
          </li>
        ))}
      </ul>
    </section>
  );
}
