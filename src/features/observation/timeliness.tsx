import type { ObservationKind } from '../../../schemas/entities/observation-kind';
import { meetingNouns as meetingNoun } from '../../../schemas/rules/meeting-timescale';
import { TriggerAfterMeetingError, timeliness } from '../../../schemas/timescales';
import type { LocalTimescales, TimescaleRule } from '../../../schemas/timescales';
import { formatDate } from './model';

/**
 * What was due and whether the meeting observed was in time, worked out from the dates entered
 * (schemas/timescales.ts). For an audit the observation date is not the meeting, so only the due
 * date is shown. The note sits in a live region drawn before any date is entered, so a screen
 * reader announces the due date as the date is typed; a region appearing with its text is often
 * not read.
 */
export function TimelinessNote({
  governs,
  rule,
  from,
  held,
  kind,
  local,
}: {
  /**
   * Whether this date's rule is the one the meeting observed is judged by (the type of meeting,
   * or the latest date entered: schemas/rules/meeting-timescale.ts). For a meeting, another date
   * says nothing, so a review is never called late against the first review's rule; an audit's
   * dates each show what was due.
   */
  governs: boolean;
  rule: TimescaleRule;
  /** The date entered, once there is one. */
  from: string | undefined;
  held: string | undefined;
  kind: ObservationKind;
  local: LocalTimescales;
}) {
  return (
    <div aria-live="polite" data-testid="timeliness">
      {from === undefined || (meetingNoun[kind] !== undefined && !governs) ? null : (
        <Note rule={rule} from={from} held={held} kind={kind} local={local} />
      )}
    </div>
  );
}

function Note({
  rule,
  from,
  held,
  kind,
  local,
}: {
  rule: TimescaleRule;
  from: string;
  held: string | undefined;
  kind: ObservationKind;
  local: LocalTimescales;
}) {
  let text: string;
  let late = false;
  let weekend = false;
  try {
    const noun = meetingNoun[kind];
    const t = timeliness(rule, from, held && noun ? held : from, local);
    weekend = t.dueOnWeekend;
    if (held && noun) {
      late = !t.inTime;
      text = t.inTime
        ? `Due by ${formatDate(t.due)}. The ${noun} observed on ${formatDate(held)} was in time.`
        : `Due by ${formatDate(t.due)}. The ${noun} observed on ${formatDate(held)} was ${t.daysLate} ${t.daysLate === 1 ? 'day' : 'days'} late.`;
    } else {
      text = `Due by ${formatDate(t.due)}.`;
    }
  } catch (err) {
    // A date after the meeting: the meeting is not judged from it (its error says what to do).
    text =
      err instanceof TriggerAfterMeetingError && held
        ? `This date is after the ${meetingNoun[kind] ?? 'meeting'} observed on ${formatDate(held)}, so whether it was in time cannot be worked out.`
        : err instanceof RangeError
          ? err.message
          : 'The due date cannot be worked out from this date.';
  }
  return (
    <div class={`govuk-inset-text app-timeliness${late ? ' app-timeliness--late' : ''}`}>
      <p class="govuk-body">
        {late ? <strong class="govuk-tag govuk-tag--red app-tag-inline">Late</strong> : null}
        {text}
      </p>
      {weekend ? (
        <p class="govuk-body-s">
          The due date falls at a weekend. It is not moved: the meeting should have been held by
          then.
        </p>
      ) : null}
    </div>
  );
}
