// Which statutory timescale governs the meeting observed, and the date it runs from. The type of
// meeting decides it where the checklist asks (a review conference is judged from the previous
// conference, never from the strategy discussion); otherwise, or before the type is answered,
// the latest trigger date entered on or before the meeting.
import type { FieldValue } from '../entities/field-value';
import { responsePath } from '../entities/observation-fields';
import { templateItems } from '../entities/template';
import type { Template, TemplateItem } from '../entities/template';
import { isCalendarDate } from '../calendar/dates';
import type { TimescaleRule } from '../timescales';

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
  const selector = templateItems(template).find((l) => l.item.selectsTimescale)?.item;
  const answer = selector ? valueAt(responsePath(selector.id, 'value')) : undefined;
  const candidates =
    selector?.selectsTimescale && typeof answer === 'string'
      ? selector.selectsTimescale[answer]
      : undefined;
  if (candidates !== undefined) {
    for (const rule of candidates) {
      const item = dateItems.find((i) => i.timescaleRule === rule);
      const from = item ? dateOf(item) : null;
      if (item && from) return { rule, from, itemId: item.id };
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
