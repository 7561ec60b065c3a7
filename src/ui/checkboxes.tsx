import { Fieldset } from './fieldset';
import type { FieldsetProps } from './fieldset';

export type CheckboxOption = { value: string; label: string; hint?: string };

export type CheckboxesProps = Omit<FieldsetProps, 'children'> & {
  name: string;
  options: CheckboxOption[];
  selected: readonly string[];
  onToggle: (value: string, checked: boolean) => void;
  small?: boolean;
  disabled?: boolean;
};

export function Checkboxes(props: CheckboxesProps) {
  return (
    <Fieldset {...props}>
      <div
        class={`govuk-checkboxes${props.small ? ' govuk-checkboxes--small' : ''}`}
        data-module="govuk-checkboxes"
      >
        {props.options.map((option, i) => {
          const inputId = i === 0 ? props.id : `${props.id}-${i + 1}`;
          const hintId = option.hint ? `${inputId}-item-hint` : undefined;
          return (
            <div class="govuk-checkboxes__item" key={option.value}>
              <input
                class="govuk-checkboxes__input"
                id={inputId}
                name={props.name}
                type="checkbox"
                value={option.value}
                checked={props.selected.includes(option.value)}
                disabled={props.disabled}
                aria-describedby={hintId}
                onChange={(e) => props.onToggle(option.value, e.currentTarget.checked)}
              />
              <label class="govuk-label govuk-checkboxes__label" for={inputId}>
                {option.label}
              </label>
              {option.hint ? (
                <div id={hintId} class="govuk-hint govuk-checkboxes__hint">
                  {option.hint}
                </div>
              ) : null}
            </div>
          );
        })}
      </div>
    </Fieldset>
  );
}
