// "Save and continue" on every part of an observation that has one (GOV.UK question pages): what
// was typed is already kept on the device, but the person stays on the page, with an error summary
// (focused) and the message beside each field, while something entered there is malformed: a
// value held back unsent (half a case ID, an impossible date, a bad time), a date of something
// that happened that is after today, a feedback conversation before the record's own day
// (schemas/rules/past-dates.ts), or a date a meeting's timescale counts from that is after the
// meeting (schemas/rules/meeting-timescale.ts). An answer left empty does not
// stop them: the task list says the part is in progress and check your answers lists it.
import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { isCalendarDate } from '../../../schemas/calendar/dates';
import {
  feedbackBeforeRecord,
  futureDateMessage,
  isAfterToday,
  pastDateFields,
} from '../../../schemas/rules/past-dates';
import { triggersAfterMeeting } from '../../../schemas/rules/meeting-timescale';
import { Button } from '../../ui/content';
import { fieldId } from '../../ui/field-ids';
import { halfDateDetail, heldBackDetail } from '../../lib/held-back';
import { londonDateOf } from '../../../schemas/calendar/london-time';
import { fieldLabel } from '../../lib/observation-labels';
import type { RecordForm } from '../../lib/use-record-form';
import type { Part } from './model';
import type { LoadedObservation } from './use-observation';

type PageErrors = { map: Record<string, string>; links: { href: string; text: string }[] };

/** A problem in what the part's page holds now: its field, its inline message, its summary line. */
type Malformed = { path: string; inline: string; summary: string };

function malformedOf(data: LoadedObservation, form: RecordForm, part: Part): Malformed[] {
  const { template } = data;
  const found: Malformed[] = [];
  for (const path of form.heldBack) {
    if (!part.owns(path)) continue;
    const problem = form.problem(path);
    const detail =
      problem === undefined ? halfDateDetail : heldBackDetail(form.text(path), problem);
    found.push({
      path,
      inline: detail.charAt(0).toUpperCase() + detail.slice(1),
      summary: `${fieldLabel(template, path, data.children.actions)}: ${detail}`,
    });
  }
  const today = londonDateOf(new Date());
  for (const field of pastDateFields(template)) {
    if (!part.owns(field.path) || form.heldBack.includes(field.path)) continue;
    const value = form.value(field.path);
    if (!isCalendarDate(value) || !isAfterToday(value, today)) continue;
    // A feedback conversation not held has no date to judge.
    if (field.path === 'summary.feedback.date' && form.value('summary.feedback.held') !== true)
      continue;
    const message = futureDateMessage(field.label);
    found.push({ path: field.path, inline: message, summary: message });
  }
  // Nor held before the day of the record it follows (the same rule as check your answers').
  const before = feedbackBeforeRecord(
    template.kind,
    { held: form.value('summary.feedback.held'), date: form.value('summary.feedback.date') },
    form.value('context.date'),
  );
  if (
    before &&
    part.owns(before.path) &&
    !form.heldBack.includes(before.path) &&
    !found.some((m) => m.path === before.path)
  )
    found.push({ path: before.path, inline: before.message, summary: before.message });
  // A date a meeting's timescale counts from, after the meeting (meeting-timescale.ts).
  const held = form.value('context.date');
  for (const t of triggersAfterMeeting(
    template,
    (p) => form.value(p),
    isCalendarDate(held) ? held : null,
  )) {
    if (!part.owns(t.path) || form.heldBack.includes(t.path)) continue;
    if (found.some((f) => f.path === t.path)) continue;
    found.push({ path: t.path, inline: t.message, summary: t.message });
  }
  // Listed down the page, as its fields are (GOV.UK error summary).
  return found.sort((a, b) => onPage(a.path, b.path));
}

function onPage(a: string, b: string): number {
  const first = document.getElementById(fieldId(a));
  const second = document.getElementById(fieldId(b));
  if (!first || !second) return 0;
  return first.compareDocumentPosition(second) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
}

/**
 * The part's errors to show (`shown`: its completeness problems, when asked to check) with what
 * "Save and continue" found once it was pressed, and the button itself.
 */
export function useSaveAndContinue(
  data: LoadedObservation,
  form: RecordForm,
  part: Part,
  next: string,
  shown: PageErrors,
) {
  const { route } = useLocation();
  const [attempt, setAttempt] = useState(0);
  const malformed = attempt > 0 ? malformedOf(data, form, part) : [];
  const map = { ...shown.map };
  for (const m of malformed) map[m.path] = m.inline;
  const seen = new Set(shown.links.map((l) => l.href));
  const links = [
    ...malformed
      .map((m) => ({ href: `#${fieldId(m.path)}`, text: m.summary }))
      .filter((l) => !seen.has(l.href)),
    ...shown.links,
  ];
  const button = (
    <Button
      onClick={() => {
        if (malformedOf(data, form, part).length === 0) route(next);
        else setAttempt((n) => n + 1);
      }}
    >
      Save and continue
    </Button>
  );
  return { errors: { map, links }, attempt: attempt > 0 ? attempt : undefined, button };
}
