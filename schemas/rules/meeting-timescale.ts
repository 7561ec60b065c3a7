// Which statutory timescale governs the meeting observed, and the date it runs from. The type of
// meeting decides it where the checklist asks (a review conference is judged from the previous
// conference, never from the strategy discussion); otherwise, or before the type is answered,
// the latest trigger date entered on or before the meeting.
import type { FieldValue } from '../entities/field-value';
import type { ResponseEntry } from '../entities/observation';
import type { ObservationKind } from '../entities/observation-kind';
import { responsePath } from '../entities/observation-fields';
import { templateItems } from '../entities/template';
import type { Template, TemplateItem } from '../entities/template';
import { isCalendarDate } from '../calendar/dates';
import type { TimescaleRule } from '../timescales';
import { hasAnswer } from './response-values';

export type MeetingTimescale =
  /** Judged by this rule from this date. */
  | { rule: TimescaleRule; from: string; itemId: string }
  /** The type of meeting says which rule, but its date is not entered (or none applies). */
  | { rule: TimescaleRule | null; from: null; itemId: string | null }
  /** Nothing to judge by: no trigger date, and no type that says what would be needed. */
  | null;

export function meetingTimescale(
  template: Template,
  /** A field's value by its path (a record's flat fields, or a form's). */
  valueAt: (path: string) => FieldValue | undefined,
  held: string | null,
): MeetingTimescale {
  const dateItems = templateItems(template)
    .map((l) => l.item)
    .filter(
      (i): i is TemplateItem & { timescaleRule: TimescaleRule } => i.timescaleRule !== undefined,
    );
  const dateOf = (item: TemplateItem) => {
    const v = valueAt(responsePath(item.id, 'value'));
    return isCalendarDate(v) && (held === null || v <= held) ? v : null;
  };
  const candidates = selectedRules(template, valueAt);
  if (candidates !== undefined) {
    for (const rule of candidates) {
      const item = dateItems.find((i) => i.timescaleRule === rule);
      const from = item ? dateOf(item) : null;
      if (item && from) return { rule, from, itemId: item.id };
      // Entered, but after the meeting: a slip in a date, so the meeting is not judged at all
      // (rather than by the next rule, as if the date had been left empty).
      if (item && isCalendarDate(valueAt(responsePath(item.id, 'value'))))
        return { rule, from: null, itemId: item.id };
    }
    const first = candidates[0];
    const item = first ? dateItems.find((i) => i.timescaleRule === first) : undefined;
    return { rule: first ?? null, from: null, itemId: item?.id ?? null };
  }
  let best: { rule: TimescaleRule; from: string; itemId: string } | null = null;
  for (const item of dateItems) {
    const from = dateOf(item);
    if (from && (best === null || from > best.from))
      best = { rule: item.timescaleRule, from, itemId: item.id };
  }
  return best;
}

/** What the meeting observed is called, for the kinds whose observation date is a meeting's. */
export const meetingNouns: Partial<Record<ObservationKind, string>> = {
  'cp-conference-chairing': 'conference',
  'lac-review-chairing': 'review',
};

/** A trigger date entered after the day of the meeting it starts the timescale of. */
export type TriggerAfterMeeting = { path: string; itemId: string; label: string; message: string };

/** The question's words as a field's name: "Date of the first review (for a second review)" loses its bracket. */
export function triggerLabel(item: Pick<TemplateItem, 'prompt'>): string {
  return item.prompt.replace(/\s*\([^)]*\)\s*$/, '');
}

/** GOV.UK error wording: what must be true of the date, in the question's words. */
export function triggerAfterMeetingMessage(label: string, noun: string): string {
  return `${label} must be on or before the date of the ${noun}`;
}

/**
 * Every trigger date (a date item with a timescale rule) entered after the day of the meeting
 * observed (`held`, the record's date), in page order: none of them can have started the
 * meeting's timescale, and the meeting is not judged from them (timescales.ts `timeliness`).
 * Only for kinds whose record date is a meeting's: an audit's dates each stand alone. Nothing to
 * say before both dates are entered.
 */
export function triggersAfterMeeting(
  template: Template,
  valueAt: (path: string) => FieldValue | undefined,
  held: string | null | undefined,
): TriggerAfterMeeting[] {
  const noun = meetingNouns[template.kind];
  if (noun === undefined || !isCalendarDate(held)) return [];
  return templateItems(template).flatMap(({ item }) => {
    if (item.timescaleRule === undefined) return [];
    const path = responsePath(item.id, 'value');
    const value = valueAt(path);
    if (!isCalendarDate(value) || value <= held) return [];
    const label = triggerLabel(item);
    return [{ path, itemId: item.id, label, message: triggerAfterMeetingMessage(label, noun) }];
  });
}

/**
 * Whether a question applies to the meeting as its type is answered: a trigger date applies only
 * to the types whose timescale runs from it (`selectsTimescale`), so a review conference is not
 * asked for the strategy discussion. Every other question, and every trigger date before the type
 * is answered (or in a checklist without one), applies.
 */
export function itemApplies(
  template: Template,
  item: TemplateItem,
  valueAt: (path: string) => FieldValue | undefined,
): boolean {
  if (item.timescaleRule === undefined) return true;
  const candidates = selectedRules(template, valueAt);
  return candidates === undefined || candidates.includes(item.timescaleRule);
}

/**
 * Whether a record's copy of its answers (check your answers, the observation's page, its print
 * view) has a row for a question: every question that applies to the meeting as its type is
 * answered, and any other that holds an answer, which would still be sent.
 */
export function itemShown(
  template: Template,
  item: TemplateItem,
  valueAt: (path: string) => FieldValue | undefined,
  entry: ResponseEntry | undefined,
): boolean {
  return itemApplies(template, item, valueAt) || hasAnswer(entry);
}

/** The question whose answer, the type of meeting, says which timescale rules apply; if any. */
export function meetingTypeItem(template: Template): TemplateItem | undefined {
  return templateItems(template).find((l) => l.item.selectsTimescale)?.item;
}

/**
 * The timescale rules the meeting's type, as answered, runs from (`selectsTimescale`), in order;
 * undefined before the type is answered or in a checklist without one.
 */
function selectedRules(
  template: Template,
  valueAt: (path: string) => FieldValue | undefined,
): readonly TimescaleRule[] | undefined {
  const selector = meetingTypeItem(template);
  const answer = selector ? valueAt(responsePath(selector.id, 'value')) : undefined;
  return selector?.selectsTimescale && typeof answer === 'string'
    ? selector.selectsTimescale[answer]
    : undefined;
}
