import type { ComponentChildren } from 'preact';
import { FieldNotes, noteIds } from './field-notes';
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

/** What stands above a field's control, in the GOV.UK order: label, hint, extra content, error. */
export function FieldIntro(props: LabelProps & { before?: ComponentChildren }) {
  return (
    <>
      <Label {...props} />
      <FieldNotes {...props} />
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
        // Off unless a field asks: the browser's form history would offer one person's case IDs
        // and names to the next on a shared tablet, unencrypted in its profile.
        autocomplete={props.autocomplete ?? 'off'}
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
