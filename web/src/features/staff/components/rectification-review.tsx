import type { RectificationReview as Review } from '@dsr/shared/fulfilment';
import { useEffect, useState } from 'react';
import { apiRequest } from '../../../lib/api-client.ts';
import { useStaffI18n } from '../i18n.ts';
import { ActionForm, TextArea } from './action-form.tsx';

// Rectification: each correction beside the value every source holds now (read live by the API),
// and one decision per correction: accept, or refuse with the reason the subject will read. The
// decisions go with `fulfil` (accepted ones are written to the sources; the free "other" one is
// staff's to apply by hand).
export function RectificationReview(props: {
  reference: string;
  version: number;
  canFulfil: boolean;
  onDone: (intent: string) => void;
}) {
  const { t, locale } = useStaffI18n();
  const [review, setReview] = useState<Review | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    apiRequest<Review>(
      `/staff/requests/${encodeURIComponent(props.reference)}/rectification?locale=${locale}`,
    )
      .then((answer) => live && setReview(answer))
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, [props.reference, locale]);

  if (failed) return <p className="notice notice--warning">{t('staff.rectify.unavailable')}</p>;
  if (!review) return <p>{t('staff.rectify.loading')}</p>;
  const list = (
    <ol className="stack corrections-review">
      {review.corrections.map((c) => (
        <li key={c.index} className="panel stack">
          <h3>{t('staff.rectify.correction', { n: c.index + 1, label: c.label })}</h3>
          <dl className="facts">
            <dt>{t('staff.rectify.proposed')}</dt>
            <dd>{c.correctedValue}</dd>
            {c.statedValue !== null && (
              <>
                <dt>{t('staff.rectify.stated')}</dt>
                <dd>{c.statedValue}</dd>
              </>
            )}
            <dt>{t('staff.rectify.current')}</dt>
            <dd>
              {!c.automatic
                ? t('staff.rectify.byHand')
                : c.current.length === 0
                  ? t('staff.rectify.noValue')
                  : c.current.map((s) => `${s.source}: ${s.values.join(' · ') || '—'}`).join(' ; ')}
              {c.unreadable.map((u) => (
                <span key={u.source} className="notice notice--warning">
                  {' '}
                  {t('staff.rectify.unreadable', { source: u.source })}
                </span>
              ))}
            </dd>
          </dl>
          {c.decision ? (
            <p>
              {c.decision.accept
                ? t('staff.rectify.accepted')
                : t('staff.rectify.refused', { reason: c.decision.reason ?? '' })}
            </p>
          ) : null}
          {props.canFulfil && (
            <fieldset className="fieldset">
              <legend className="field__label">{t('staff.rectify.decision', { n: c.index + 1 })}</legend>
              <div className="choices">
                <div className="choice">
                  <input
                    type="radio"
                    id={`decision-${c.index}-accept`}
                    name={`decision.${c.index}`}
                    value="accept"
                  />
                  <label htmlFor={`decision-${c.index}-accept`}>{t('staff.rectify.accept')}</label>
                </div>
                <div className="choice">
                  <input
                    type="radio"
                    id={`decision-${c.index}-refuse`}
                    name={`decision.${c.index}`}
                    value="refuse"
                  />
                  <label htmlFor={`decision-${c.index}-refuse`}>{t('staff.rectify.refuse')}</label>
                </div>
              </div>
              <TextArea
                id={`reason-${c.index}`}
                name={`reason.${c.index}`}
                label={t('staff.rectify.reason', { n: c.index + 1 })}
                rows={2}
                maxLength={2000}
              />
            </fieldset>
          )}
        </li>
      ))}
    </ol>
  );
  return (
    <section className="stack" aria-labelledby="rectify-title">
      <h2 id="rectify-title">{t('staff.rectify.heading')}</h2>
      {props.canFulfil ? (
        <ActionForm
          intent="fulfil"
          version={props.version}
          submitLabel={t('staff.rectify.submit')}
          onDone={props.onDone}
        >
          {list}
        </ActionForm>
      ) : (
        list
      )}
    </section>
  );
}
