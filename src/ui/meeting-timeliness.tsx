// Whether the meeting observed was held in time, in words: beside the date it counts from on the
// question page (features/observation/timeliness.tsx), and under that date's row on check your
// answers, the observation's page and its print view, so the observer submitting it and a
// moderator reading it see lateness too. Worked out by the shared rules
// (schemas/rules/meeting-timescale.ts, schemas/timescales.ts).
import type { Observation } from '../../schemas/entities/observation';
import type { ObservationKind } from '../../schemas/entities/observation-kind';
import type { Template } from '../../schemas/entities/template';
import { meetingNouns, meetingTimescale } from '../../schemas/rules/meeting-timescale';
import { TriggerAfterMeetingError, timeliness } from '../../schemas/timescales';
import type { LocalTimescales, TimescaleRule } from '../../schemas/timescales';
import { formatDate } from '../lib/observation-records';

export type TimelinessWords = { text: string; late: boolean; weekend: boolean };

/**
 * What was due from `from`, and for a meeting held on `held` whether it was in time. For an
 * audit (no meeting) only the due date.
 */
export function timelinessWords(
  rule: TimescaleRule,
  from: string,
  held: string | undefined,
  kind: ObservationKind,
  local: LocalTimescales,
): TimelinessWords {
  const noun = meetingNouns[kind];
  try {
    const t = timeliness(rule, from, held && noun ? held : from, local);
    if (!held || !noun)
      return { text: `Due by ${formatDate(t.due)}.`, late: false, weekend: t.dueOnWeekend };
    const lateness = t.inTime
      ? 'was in time'
      : `was ${t.daysLate} ${t.daysLate === 1 ? 'day' : 'days'} late`;
    return {
      text: `Due by ${formatDate(t.due)}. The ${noun} observed on ${formatDate(held)} ${lateness}.`,
      late: !t.inTime,
      weekend: t.dueOnWeekend,
    };
  } catch (err) {
    // A date after the meeting: the meeting is not judged from it (its error says what to do).
    const text =
      err instanceof TriggerAfterMeetingError && held
        ? `This date is after the ${noun ?? 'meeting'} observed on ${formatDate(held)}, so whether it was in time cannot be worked out.`
        : err instanceof RangeError
          ? err.message
          : 'The due date cannot be worked out from this date.';
    return { text, late: false, weekend: false };
  }
}

/** The words as the app shows them: an inset, with a red "Late" tag when it was late. */
export function TimelinessText({ words }: { words: TimelinessWords }) {
  return (
    <div class={`govuk-inset-text app-timeliness${words.late ? ' app-timeliness--late' : ''}`}>
      <p class="govuk-body">
        {words.late ? <strong class="govuk-tag govuk-tag--red app-tag-inline">Late</strong> : null}
        {words.text}
      </p>
      {words.weekend ? (
        <p class="govuk-body-s">
          The due date falls at a weekend. It is not moved: the meeting should have been held by
          then.
        </p>
      ) : null}
    </div>
  );
}

/** A record's answer at a flat field path, for the rules that read them that way. */
export function responseValueAt(o: Pick<Observation, 'responses'>) {
  return (path: string) => {
    const m = /^responses\.([^.]+)\.value$/.exec(path);
    return m ? o.responses[m[1]!]?.value : undefined;
  };
}

/**
 * The meeting's timeliness for the row of the trigger date `itemId`, when that is the date the
 * meeting is judged from (the type of meeting says which); nothing for any other row, nor while a
 * date is missing or after the meeting.
 */
export function RecordTimeliness({
  template,
  record,
  itemId,
  local,
}: {
  template: Template;
  record: Pick<Observation, 'responses' | 'context'>;
  itemId: string;
  local: LocalTimescales;
}) {
  if (meetingNouns[template.kind] === undefined || !record.context.date) return null;
  const judged = meetingTimescale(template, responseValueAt(record), record.context.date);
  if (!judged || judged.itemId !== itemId || judged.from === null || judged.rule === null)
    return null;
  return (
    <TimelinessText
      words={timelinessWords(judged.rule, judged.from, record.context.date, template.kind, local)}
    />
  );
}
