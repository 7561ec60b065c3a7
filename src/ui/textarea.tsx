import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { describedBy } from './field-ids';
import { noteIds } from './field-notes';
import { FieldIntro } from './text-input';
import type { LabelProps } from './text-input';

export type TextareaProps = LabelProps & {
  value: string;
  onInput: (value: string) => void;
  onBlur?: () => void;
  maxLength: number;
  rows?: number;
  disabled?: boolean;
  before?: ComponentChildren;
  spellcheck?: boolean;
};

/** A count as people read it: `10,000`, not `10000`. */
const count = (n: number) => n.toLocaleString('en-GB');

function remaining(left: number): string {
  const n = Math.abs(left);
  const noun = n === 1 ? 'character' : 'characters';
  return left >= 0
    ? `You have ${count(n)} ${noun} remaining`
    : `You have ${count(n)} ${noun} too many`;
}

/**
 * A textarea with the GOV.UK character count. The visible count updates as the person types; the
 * count screen readers hear updates only after a pause, so it does not interrupt their typing.
 * The limit is not enforced by the browser: text past it stays, marked as too long.
 */
export function Textarea(props: TextareaProps) {
  const left = props.maxLength - props.value.length;
  const [announced, setAnnounced] = useState(remaining(left));
  useEffect(() => {
    const t = setTimeout(() => setAnnounced(remaining(left)), 1000);
    return () => clearTimeout(t);
  }, [left]);
  const { hintId, errorId } = noteIds(props);
  const infoId = `${props.id}-info`;
  const over = left < 0;
  // Near the limit only: a count under every box is noise (GOV.UK threshold pattern, 75%).
  const showCount = props.value.length >= props.maxLength * 0.75;
  return (
    <div class="govuk-form-group govuk-character-count" data-module="govuk-character-count">
      <div class={props.error ? 'govuk-form-group--error' : ''}>
        <FieldIntro {...props} />
        <textarea
          class={`govuk-textarea govuk-js-character-count${props.error || over ? ' govuk-textarea--error' : ''}`}
          id={props.id}
          name={props.id}
          rows={props.rows ?? 5}
          value={props.value}
          disabled={props.disabled}
          spellcheck={props.spellcheck ?? true}
          autocomplete="off"
          aria-describedby={describedBy(hintId, errorId, infoId)}
          onInput={(e) => props.onInput(e.currentTarget.value)}
          onBlur={props.onBlur}
        />
      </div>
      <div id={infoId} class="govuk-hint govuk-character-count__message govuk-visually-hidden">
        You can enter up to {count(props.maxLength)} characters
      </div>
      {showCount ? (
        <div
          class={`govuk-character-count__status ${over ? 'govuk-error-message' : 'govuk-hint'}`}
          aria-hidden="true"
        >
          {remaining(left)}
        </div>
      ) : null}
      <div class="govuk-character-count__sr-status govuk-visually-hidden" aria-live="polite">
        {showCount ? announced : ''}
      </div>
    </div>
  );
}
