import { describedBy } from './field-ids';
import { noteIds } from './field-notes';
import { FieldIntro } from './text-input';
import type { LabelProps } from './text-input';

export type SelectOption = { value: string; label: string };

export type SelectProps = LabelProps & {
  value: string;
  onChange: (value: string) => void;
  options: readonly SelectOption[];
  /** A first option with no value, such as "Choose an auditor" or "Every team". */
  empty?: string;
  disabled?: boolean;
};

/** The GOV.UK select: label, hint, error message, and the list. */
export function Select(props: SelectProps) {
  const { hintId, errorId } = noteIds(props);
  return (
    <div class={`govuk-form-group${props.error ? ' govuk-form-group--error' : ''}`}>
      <FieldIntro {...props} />
      <select
        class={`govuk-select${props.error ? ' govuk-select--error' : ''}`}
        id={props.id}
        name={props.id}
        value={props.value}
        disabled={props.disabled}
        aria-describedby={describedBy(hintId, errorId)}
        onChange={(e) => props.onChange(e.currentTarget.value)}
      >
        {props.empty !== undefined ? <option value="">{props.empty}</option> : null}
        {props.options.map((o) => (
          <option value={o.value} key={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
