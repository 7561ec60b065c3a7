import { useEffect, useRef, useState } from 'preact/hooks';
import { afterPress } from './after-press';
import { Fieldset } from './fieldset';
import type { FieldsetProps } from './fieldset';

export type DateInputProps = Omit<FieldsetProps, 'children'> & {
  /** `YYYY-MM-DD`, or undefined. */
  value: string | undefined;
  /** Called with a complete, real date, or null when the fields are cleared. */
  onChange: (value: string | null) => void;
  /** Called when the boxes hold something that is not (yet) a real date. */
  onIncomplete?: () => void;
  /**
   * False on a form checked when it is sent: no message on leaving the boxes. (Where there is
   * one, it waits until a press that left the boxes is over: after-press.ts.)
   */
  checkOnBlur?: boolean;
  onBlur?: () => void;
  disabled?: boolean;
};

type Parts = { day: string; month: string; year: string };

function split(value: string | undefined): Parts {
  const m = value ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  return m
    ? { day: String(Number(m[3])), month: String(Number(m[2])), year: m[1]! }
    : { day: '', month: '', year: '' };
}

/** A real calendar date from the three boxes, or undefined while they do not make one. */
export function joinDate(parts: Parts): string | undefined {
  const d = Number(parts.day);
  const m = Number(parts.month);
  const y = Number(parts.year);
  if (
    !/^\d{1,2}$/.test(parts.day.trim()) ||
    !/^\d{1,2}$/.test(parts.month.trim()) ||
    !/^\d{4}$/.test(parts.year.trim())
  ) {
    return undefined;
  }
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d)
    return undefined;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The GOV.UK date input: day, month and year boxes; saved once they make a real date. */
export function DateInput(props: DateInputProps) {
  const [parts, setParts] = useState<Parts>(() => split(props.value));
  const [invalid, setInvalid] = useState(false);
  useEffect(() => {
    // A value that arrives from elsewhere (another device) replaces what the boxes show, unless
    // the boxes already say the same date.
    if (joinDate(parts) !== props.value) setParts(split(props.value));
  }, [props.value]);
  const update = (patch: Partial<Parts>) => {
    const next = { ...parts, ...patch };
    setParts(next);
    const joined = joinDate(next);
    if (joined !== undefined) {
      setInvalid(false);
      props.onChange(joined);
    } else if (!next.day && !next.month && !next.year) {
      setInvalid(false);
      props.onChange(null);
    } else props.onIncomplete?.();
  };
  const group = useRef<HTMLDivElement>(null);
  const blur = (e: FocusEvent) => {
    // Moving from one box to the next is still typing the date: it is checked on leaving all three.
    const next = e.relatedTarget;
    if (next instanceof Node && group.current?.contains(next)) return;
    if (props.checkOnBlur !== false) {
      const half = joinDate(parts) === undefined && Boolean(parts.day || parts.month || parts.year);
      afterPress(() => setInvalid(half));
    }
    props.onBlur?.();
  };
  const error = props.error ?? (invalid ? 'Enter a real date, for example 27 3 2026' : undefined);
  const box = (key: keyof Parts, label: string, width: '2' | '4', first: boolean) => (
    <div class="govuk-date-input__item">
      <div class="govuk-form-group">
        <label
          class="govuk-label govuk-date-input__label"
          for={first ? props.id : `${props.id}-${key}`}
        >
          {label}
        </label>
        <input
          class={`govuk-input govuk-date-input__input govuk-input--width-${width}${error ? ' govuk-input--error' : ''}`}
          id={first ? props.id : `${props.id}-${key}`}
          name={`${props.id}-${key}`}
          type="text"
          inputMode="numeric"
          autocomplete="off"
          value={parts[key]}
          disabled={props.disabled}
          onInput={(e) => update({ [key]: e.currentTarget.value } as Partial<Parts>)}
          onBlur={blur}
        />
      </div>
    </div>
  );
  return (
    <Fieldset {...props} error={error} hint={props.hint ?? 'For example, 27 3 2026'}>
      <div class="govuk-date-input" ref={group}>
        {box('day', 'Day', '2', true)}
        {box('month', 'Month', '2', false)}
        {box('year', 'Year', '4', false)}
      </div>
    </Fieldset>
  );
}
