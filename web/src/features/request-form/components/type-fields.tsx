import { CONSENT_PURPOSES, OBJECTION_PURPOSES, RESTRICTION_GROUNDS } from '@dsr/shared/request-types';
import { Checkbox, CheckboxGroup, RadioGroup, TextField } from '../../../lib/form/fields.tsx';
import { type MessageKey, useT } from '../../../lib/i18n.tsx';
import type { FormState } from '../form-state.ts';
import { CorrectionsField } from './corrections-field.tsx';

interface Props {
  state: FormState;
  errors: Record<string, MessageKey>;
  update: (patch: Partial<FormState>) => void;
}

// The `details` part of the form for the chosen type (shared/src/request-types.ts).
export function TypeFields({ state, errors, update }: Props) {
  const t = useT();
  const scope = (
    <TextField
      path="details.scope"
      label={t('form.scope')}
      hint={t(`form.scope.hint.${state.type === 'erasure' ? 'erasure' : 'access'}`)}
      optional
      multiline
      value={state.scope}
      error={errors['details.scope']}
      onChange={(value) => update({ scope: value })}
    />
  );

  switch (state.type) {
    case 'access':
      return scope;
    case 'erasure':
      return (
        <>
          {scope}
          <TextField
            path="details.reason"
            label={t('form.reason')}
            hint={t('form.reason.hint')}
            optional
            multiline
            value={state.reason}
            error={errors['details.reason']}
            onChange={(value) => update({ reason: value })}
          />
        </>
      );
    case 'rectification':
      return (
        <CorrectionsField
          corrections={state.corrections}
          errors={errors}
          onChange={(corrections) => update({ corrections })}
        />
      );
    case 'restriction':
      return (
        <>
          <RadioGroup
            path="details.ground"
            label={t('form.ground')}
            options={RESTRICTION_GROUNDS.map((value) => ({ value, label: t(`form.ground.${value}`) }))}
            value={state.ground}
            error={errors['details.ground']}
            onChange={(value) => update({ ground: value })}
          />
          {scope}
        </>
      );
    case 'objection': {
      const marketingOnly =
        state.objectionPurposes.length > 0 && state.objectionPurposes.every((p) => p === 'direct_marketing');
      return (
        <>
          <CheckboxGroup
            path="details.purposes"
            label={t('form.objection.purposes')}
            hint={t('form.purposes.hint')}
            options={OBJECTION_PURPOSES.map((value) => ({ value, label: t(`form.objection.${value}`) }))}
            values={state.objectionPurposes}
            error={errors['details.purposes']}
            onChange={(values) => update({ objectionPurposes: values })}
          />
          {state.objectionPurposes.includes('other') && (
            <OtherPurpose
              value={state.objectionOther}
              error={errors['details.otherPurpose']}
              onChange={(value) => update({ objectionOther: value })}
            />
          )}
          <TextField
            path="details.grounds"
            label={t('form.grounds')}
            hint={t('form.grounds.hint')}
            optional={marketingOnly}
            multiline
            value={state.grounds}
            error={errors['details.grounds']}
            onChange={(value) => update({ grounds: value })}
          />
        </>
      );
    }
    case 'portability':
      return (
        <>
          <RadioGroup
            path="details.format"
            label={t('form.format')}
            options={[
              { value: 'json', label: t('form.format.json') },
              { value: 'csv', label: t('form.format.csv') },
            ]}
            value={state.format}
            error={errors['details.format']}
            onChange={(value) => update({ format: value })}
          />
          <Checkbox
            path="details.transfer"
            label={t('form.transfer')}
            checked={state.transfer}
            onChange={(checked) => update({ transfer: checked })}
          />
          {state.transfer && (
            <div className="conditional stack">
              <TextField
                path="details.transferTo.name"
                label={t('form.transfer.name')}
                value={state.transferName}
                error={errors['details.transferTo.name']}
                autoComplete="organization"
                onChange={(value) => update({ transferName: value })}
              />
              <TextField
                path="details.transferTo.email"
                label={t('form.transfer.email')}
                type="email"
                value={state.transferEmail}
                error={errors['details.transferTo.email']}
                onChange={(value) => update({ transferEmail: value })}
              />
            </div>
          )}
        </>
      );
    case 'consent_withdrawal':
      return (
        <>
          <CheckboxGroup
            path="details.purposes"
            label={t('form.consent.purposes')}
            hint={t('form.purposes.hint')}
            options={CONSENT_PURPOSES.map((value) => ({ value, label: t(`form.consent.${value}`) }))}
            values={state.consentPurposes}
            error={errors['details.purposes']}
            onChange={(values) => update({ consentPurposes: values })}
          />
          {state.consentPurposes.includes('other') && (
            <OtherPurpose
              value={state.consentOther}
              error={errors['details.otherPurpose']}
              onChange={(value) => update({ consentOther: value })}
            />
          )}
        </>
      );
    case 'information':
      return (
        <TextField
          path="details.question"
          label={t('form.question')}
          optional
          multiline
          value={state.question}
          error={errors['details.question']}
          onChange={(value) => update({ question: value })}
        />
      );
    case 'automated_decision':
      return (
        <>
          <TextField
            path="details.decision"
            label={t('form.decision')}
            hint={t('form.decision.hint')}
            multiline
            value={state.decision}
            error={errors['details.decision']}
            onChange={(value) => update({ decision: value })}
          />
          <Checkbox
            path="details.humanReviewRequested"
            label={t('form.humanReview')}
            checked={state.humanReview}
            onChange={(checked) => update({ humanReview: checked })}
          />
        </>
      );
    default:
      return null;
  }
}

// Ticking "other" opens a box for the subject's own words (sent as `details.otherPurpose`).
function OtherPurpose(props: {
  value: string;
  error: MessageKey | undefined;
  onChange: (value: string) => void;
}) {
  const t = useT();
  return (
    <div className="conditional">
      <TextField
        path="details.otherPurpose"
        label={t('form.otherPurpose')}
        hint={t('form.otherPurpose.hint')}
        optional
        value={props.value}
        error={props.error}
        maxLength={500}
        onChange={props.onChange}
      />
    </div>
  );
}
