import type { ComponentChildren } from 'preact';
import { ErrorMessage } from './error-summary';
import { describedBy } from './field-ids';

export type LabelProps = {
  id: string;
  label: ComponentChildren;
  labelAsHeading?: boolean;
  labelSize?: 'xl' | 'l' | 'm' | 's';
  hint?: ComponentChildren | undefined;
  error?: string | undefined;
};

export function Label({ id, label, labelAsHeading, labelSize }: LabelProps) {
  const cls = `govuk-label${labelSize ? ` govuk-label--${labelSize}` : ''}`;
  const el = (
    <label class={cls} for={id}>
      {label}
    </label>
  );
  return labelAsHeading ? <h1 class="govuk-label-wrapper">{el}</h1> : el;
}

/** The ids of a field's hint and error message, for its aria-describedby (undefined if absent). */
export function noteIds(props: Pick<LabelProps, 'id' | 'hint' | 'error'>) {
  return {
    hintId: props.hint ? `${props.id}-hint` : undefined,
    errorId: props.error ? `${props.id}-error` : undefined,
  };
}

/** What stands above a field's control, in the GOV.UK order: label, hint, extra content, error. */
export function FieldIntro(props: LabelProps & { before?: ComponentChildren }) {
  const { hintId, errorId } = noteIds(props);
  return (
    <>
      <Label {...props} />
      {props.hint ? (
        <div id={hintId} class="govuk-hint">
          {props.hint}
        </div>
      ) : null}
      {props.before}
      {props.error && errorId ? <ErrorMessage id={errorId}>{props.error}</ErrorMessage> : null}
    </>
  );
}

export type TextInputProps = LabelProps & {
  value: string;
  onInput: (value: string) => void;
  onBlur?: () => void;
  width?: '2' | '3' | '4' | '5' | '10' | '20' | 'one-half' | 'two-thirds' | 'full';
  type?: 'text' | 'email' | 'tel' | 'time' | 'password';
  autocomplete?: string;
  inputMode?: 'text' | 'numeric' | 'tel' | 'email';
  spellcheck?: boolean;
  disabled?: boolean;
  maxLength?: number;
  /** Shown before the input inside the group (e.g. a conflict panel). */
  before?: ComponentChildren;
};

export function TextInput(props: TextInputProps) {
  const { hintId, errorId } = noteIds(props);
  const width = props.width
    ? /^\d+$/.test(props.width)
      ? ` govuk-input--width-${props.width}`
      : ` govuk-!-width-${props.width}`
    : '';
  return (
    <div class={`govuk-form-group${props.error ? ' govuk-form-group--error' : ''}`}>
      <FieldIntro {...props} />
      <input
        class={`govuk-input${width}${props.error ? ' govuk-input--error' : ''}`}
        id={props.id}
        name={props.id}
        // One input element for every type; Preact's types split them by type.
        type={(props.type ?? 'text') as 'text'}
        value={props.value}
        autocomplete={props.autocomplete}
        inputMode={props.inputMode}
        spellcheck={props.spellcheck}
        disabled={props.disabled}
        maxLength={props.maxLength}
        aria-describedby={describedBy(hintId, errorId)}
        onInput={(e) => props.onInput(e.currentTarget.value)}
        onBlur={props.onBlur}
      />
    </div>
  );
}
