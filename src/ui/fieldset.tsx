import type { ComponentChildren } from 'preact';
import { FieldNotes, noteIds } from './field-notes';
import { describedBy } from './field-ids';

export type LegendSize = 'xl' | 'l' | 'm' | 's';

export type FieldsetProps = {
  id: string;
  legend: ComponentChildren;
  /** A legend that is also the page's heading (one question on the page). */
  legendAsHeading?: boolean;
  legendSize?: LegendSize;
  hint?: ComponentChildren | undefined;
  error?: string | undefined;
  children: ComponentChildren;
  /** Extra content between the hint and the inputs, such as guidance. */
  before?: ComponentChildren;
};

/** A GOV.UK form group with a fieldset, legend, hint and error message. */
export function Fieldset(props: FieldsetProps) {
  const { hintId, errorId } = noteIds(props);
  const size = props.legendSize ?? 's';
  return (
    <div class={`govuk-form-group${props.error ? ' govuk-form-group--error' : ''}`}>
      <fieldset class="govuk-fieldset" aria-describedby={describedBy(hintId, errorId)}>
        <legend class={`govuk-fieldset__legend govuk-fieldset__legend--${size}`}>
          {props.legendAsHeading ? (
            <h1 class="govuk-fieldset__heading">{props.legend}</h1>
          ) : (
            props.legend
          )}
        </legend>
        <FieldNotes {...props} />
        {props.children}
      </fieldset>
    </div>
  );
}
