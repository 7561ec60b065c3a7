import { useEffect, useRef, useState } from 'preact/hooks';
import { addDays } from '../../schemas/calendar/dates';
import { londonDateOf } from '../../schemas/calendar/london-time';
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
   * Called with what the boxes hold while they make no date (kept by a record form in its sealed
   * scratch, so a lock or a crash does not lose a half-typed date), and with null once they make
   * one or are emptied.
   */
  onPartial?: (kept: string | null) => void;
  /** What `onPartial` last gave, put back: shown in the boxes instead of `value`. */
  partial?: string | undefined;
  /**
   * False on a form checked when it is sent: no message on leaving the boxes. (Where there is
   * one, it waits until a press that left the boxes is over: after-press.ts.)
   */
  checkOnBlur?: boolean;
  onBlur?: () => void;
  disabled?: boolean;
  /**
   * The question asks for a day to come (an action's due date). Otherwise it asks for a day gone
   * by, as every other date in a record does (schemas/rules/past-dates.ts). Sets the example.
   */
  ahead?: boolean;
  /** London today, `YYYY-MM-DD`, that the example is counted from; the device's by default. */
  today?: string;
};

type Parts = { day: string; month: string; year: string };

function split(value: string | undefined): Parts {
  const m = value ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  return m
    ? { day: String(Number(m[3])), month: String(Number(m[2])), year: m[1]! }
    : { day: '', month: '', year: '' };
}

const keep = (parts: Parts) => JSON.stringify([parts.day, parts.month, parts.year]);

function kept(partial: string | undefined): Parts | undefined {
  if (partial === undefined) return undefined;
  try {
    const boxes: unknown = JSON.parse(partial);
    if (!Array.isArray(boxes) || boxes.length !== 3 || !boxes.every((b) => typeof b === 'string'))
      return undefined;
    const [day, month, year] = boxes as [string, string, string];
    return { day, month, year };
  } catch {
    return undefined;
  }
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

/** Whether boxes read back hold something that is not a date, on a form that says so on leaving. */
function halfDate(parts: Parts | undefined, checkOnBlur: boolean | undefined): boolean {
  if (!parts || checkOnBlur === false) return false;
  return joinDate(parts) === undefined && Boolean(parts.day || parts.month || parts.year);
}

/**
 * What the boxes say when left holding something that is not a date. GOV.UK's error gives no
 * example: the hint above the boxes does, one that fits the question.
 */
export const REAL_DATE_MESSAGE = 'Enter a real date';

/** `2026-04-01` as the date boxes take it, for a hint's example: `1 4 2026`. */
export const dateExample = (iso: string) =>
  iso
    .split('-')
    .reverse()
    .map((part) => String(Number(part)))
    .join(' ');

/**
 * The default hint: a day a month ago for a day gone by, a month ahead for a day to come, so the
 * example neither goes stale nor contradicts the question.
 */
export function dateHint(ahead: boolean, today: string): string {
  return `For example, ${dateExample(addDays(today, ahead ? 30 : -30))}`;
}

/** The GOV.UK date input: day, month and year boxes; saved once they make a real date. */
export function DateInput(props: DateInputProps) {
  const [parts, setParts] = useState<Parts>(() => kept(props.partial) ?? split(props.value));
  // Half a date kept from before (the page left, a lock, a reload) is said at once, as when the
  // boxes were left: coming back to it, the person sees what is wrong, as beside a bad time.
  const [invalid, setInvalid] = useState(() => halfDate(kept(props.partial), props.checkOnBlur));
  const shown = useRef(props.value);
  useEffect(() => {
    // A value that arrives from elsewhere (another device) replaces what the boxes show, unless
    // the boxes already say the same date; half a date kept here goes with what it was typed over.
    if (shown.current === props.value) return;
    shown.current = props.value;
    if (joinDate(parts) !== props.value) {
      setParts(split(props.value));
      if (props.partial !== undefined) props.onPartial?.(null);
    }
  }, [props.value]);
  useEffect(() => {
    // Half a date kept before a lock or a crash, read back after the boxes first showed.
    const boxes = kept(props.partial);
    if (boxes && props.partial !== keep(parts)) {
      setParts(boxes);
      setInvalid(halfDate(boxes, props.checkOnBlur));
    }
  }, [props.partial]);
  const update = (patch: Partial<Parts>) => {
    const next = { ...parts, ...patch };
    setParts(next);
    const joined = joinDate(next);
    if (joined !== undefined) {
      setInvalid(false);
      props.onPartial?.(null);
      props.onChange(joined);
    } else if (!next.day && !next.month && !next.year) {
      setInvalid(false);
      props.onPartial?.(null);
      props.onChange(null);
    } else {
      props.onPartial?.(keep(next));
      props.onIncomplete?.();
    }
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
  const error = props.error ?? (invalid ? REAL_DATE_MESSAGE : undefined);
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
    <Fieldset
      {...props}
      error={error}
      hint={props.hint ?? dateHint(props.ahead === true, props.today ?? londonDateOf(new Date()))}
    >
      <div class="govuk-date-input" ref={group}>
        {box('day', 'Day', '2', true)}
        {box('month', 'Month', '2', false)}
        {box('year', 'Year', '4', false)}
      </div>
    </Fieldset>
  );
}
