import { Fragment } from 'preact';
import type { ComponentChildren } from 'preact';
import { Fieldset } from './fieldset';
import type { FieldsetProps } from './fieldset';

export type RadioOption = { value: string; label: string; hint?: string; dividerBefore?: string };

export type RadiosProps = Omit<FieldsetProps, 'children'> & {
  name: string;
  options: RadioOption[];
  value: string | undefined;
  onChange: (value: string) => void;
  inline?: boolean;
  small?: boolean;
  disabled?: boolean;
  after?: ComponentChildren;
};

/**
 * GOV.UK radios: nothing is selected until the person chooses. The first input carries the
 * field's id, so an error summary link lands on it.
 */
export function Radios(props: RadiosProps) {
  const classes = [
    'govuk-radios',
    props.inline ? 'govuk-radios--inline' : '',
    props.small ? 'govuk-radios--small' : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <Fieldset {...props}>
      <div class={classes} data-module="govuk-radios">
        {props.options.map((option, i) => {
          const inputId = i === 0 ? props.id : `${props.id}-${i + 1}`;
          const hintId = option.hint ? `${inputId}-item-hint` : undefined;
          return (
            <Fragment key={option.value}>
              {option.dividerBefore ? (
                <div class="govuk-radios__divider">{option.dividerBefore}</div>
              ) : null}
              <div class="govuk-radios__item">
                <input
                  class="govuk-radios__input"
                  id={inputId}
                  name={props.name}
                  type="radio"
                  value={option.value}
                  checked={props.value === option.value}
                  disabled={props.disabled}
                  aria-describedby={hintId}
                  onChange={() => props.onChange(option.value)}
                />
                <label class="govuk-label govuk-radios__label" for={inputId}>
                  {option.label}
                </label>
                {option.hint ? (
                  <div id={hintId} class="govuk-hint govuk-radios__hint">
                    {option.hint}
                  </div>
                ) : null}
              </div>
            </Fragment>
          );
        })}
      </div>
      {props.after}
    </Fieldset>
  );
}
