import type { ObservationKind } from '../../../schemas/entities/observation-kind';
import { meetingNouns as meetingNoun } from '../../../schemas/rules/meeting-timescale';
import type { LocalTimescales, TimescaleRule } from '../../../schemas/timescales';
import { TimelinessText, timelinessWords } from '../../ui/meeting-timeliness';

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
  return <TimelinessText words={timelinessWords(rule, from, held, kind, local)} />;
}
