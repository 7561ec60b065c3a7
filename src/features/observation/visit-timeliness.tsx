import type { FieldValue } from '../../../schemas/entities/field-value';
import type { Template } from '../../../schemas/entities/template';
import { placementVisitCheck } from '../../../schemas/rules/placement-visits';
import type { PlacementVisitCheck } from '../../../schemas/rules/placement-visits';
import type { VisitInterval } from '../../../schemas/timescales';
import { formatDate } from './model';

const INTERVAL_WORDS: Readonly<Record<VisitInterval, string>> = {
  'first-visit': 'within 1 week of the start of the placement',
  'six-weekly': '6 weeks after the last visit',
  'three-monthly':
    '3 months after the last visit, as the placement is intended to last until 18 and its first year is over',
};

/**
 * Whether the child's social worker visits were up to date at the review observed (reg 28;
 * schemas/rules/placement-visits.ts), from the placement questions. Advice only: it never stops
 * the record being submitted. Like TimelinessNote, the live region is drawn before any date is
 * entered, so the result is announced as the dates are typed.
 */
export function VisitTimelinessNote({
  template,
  valueAt,
  held,
}: {
  template: Template;
  valueAt: (path: string) => FieldValue | undefined;
  /** The date of the review observed, once entered. */
  held: string | undefined;
}) {
  const check = placementVisitCheck(template, valueAt, held ?? null);
  return (
    <div aria-live="polite" data-testid="visit-timeliness">
      {check === null ? null : 'error' in check ? (
        <div class="govuk-inset-text app-timeliness">
          <p class="govuk-body">{check.error}.</p>
        </div>
      ) : (
        <Note check={check} />
      )}
    </div>
  );
}

function Note({ check }: { check: Extract<PlacementVisitCheck, { next: unknown }> }) {
  const { next, lastVisit, atMeeting, intendedUntil18 } = check;
  const due = `The next visit is due by ${formatDate(next.due)} (${INTERVAL_WORDS[next.interval]}).`;
  let text: string;
  if (lastVisit === null) {
    text = `The first social worker visit was due by ${formatDate(next.due)} (${INTERVAL_WORDS[next.interval]}). Enter the date of the last visit to see whether visits were up to date at the review.`;
  } else if (atMeeting === null) {
    text = due;
  } else if (atMeeting.inTime) {
    text = `Visits were up to date at the review on ${formatDate(atMeeting.held)}: the last visit was on ${formatDate(lastVisit)}. ${due}`;
  } else {
    text = `At the review on ${formatDate(atMeeting.held)} a visit was ${atMeeting.daysLate} ${atMeeting.daysLate === 1 ? 'day' : 'days'} overdue: the last visit was on ${formatDate(lastVisit)}, so the next was due by ${formatDate(next.due)} (${INTERVAL_WORDS[next.interval]}).`;
  }
  const overdue = atMeeting !== null && !atMeeting.inTime;
  return (
    <div class={`govuk-inset-text app-timeliness${overdue ? ' app-timeliness--late' : ''}`}>
      <p class="govuk-body">
        {overdue ? (
          <strong class="govuk-tag govuk-tag--red app-tag-inline">Visit overdue</strong>
        ) : null}
        {text}
      </p>
      {intendedUntil18 === null && lastVisit !== null ? (
        <p class="govuk-body-s">
          Counted every 6 weeks until you answer whether the placement is intended to last until the
          child is 18.
        </p>
      ) : null}
      {next.dueOnWeekend ? (
        <p class="govuk-body-s">
          The due date falls at a weekend. It is not moved: the visit should have happened by then.
        </p>
      ) : null}
      <p class="govuk-body-s">
        Care Planning, Placement and Case Review (England) Regulations 2010, reg 28(2). This is
        advice only: it does not stop you submitting.
      </p>
    </div>
  );
}
