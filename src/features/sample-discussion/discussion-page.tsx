// A head of service records their discussion of one audited case: the day it was held and a note,
// saved as they type (the audit's `sampleDiscussion`, its handling: never an amendment of what the
// auditor wrote), judged as the server will judge it (schemas/rules/sample-discussion.ts).
import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { isCalendarDate } from '../../../schemas/calendar/dates';
import type { FieldValue } from '../../../schemas/sync/records';
import {
  SAMPLE_DISCUSSION_NOTE_MAX,
  auditFactsOf,
  heldOnProblem,
  isDiscussable,
} from '../../../schemas/rules/sample-discussion';
import type { AuditFacts } from '../../../schemas/rules/sample-discussion';
import { londonDateOf } from '../../../schemas/calendar/london-time';
import { beforeRecordMessage } from '../../../schemas/rules/past-dates';
import { formatDate } from '../../lib/observation-records';
import { useServices } from '../../lib/services';
import { useRecordFamily } from '../../lib/use-record-family';
import type { RecordFamily } from '../../lib/use-record-family';
import { useRecordForm } from '../../lib/use-record-form';
import { BackLink } from '../../ui/content';
import { DateInput } from '../../ui/date-input';
import { ErrorSummary } from '../../ui/error-summary';
import { FieldConflicts } from '../../ui/field-conflicts';
import { fieldId } from '../../ui/field-ids';
import { usePageTitle } from '../../ui/page-title';
import { SaveStatus } from '../../ui/save-status';
import { SummaryList } from '../../ui/summary-list';
import { Textarea } from '../../ui/textarea';

const HELD_ON = 'sampleDiscussion.heldOn';
const NOTE = 'sampleDiscussion.note';
const BACK = '/audit-discussions';

export function DiscussionPage({ id }: { id: string }) {
  const state = useRecordFamily(id);
  const { user } = useServices();
  const facts = state.status === 'ready' ? auditFactsOf(id, state.family.view.fields) : null;
  const found = state.status === 'ready' && facts !== null && isDiscussable(facts);
  usePageTitle(
    state.status === 'loading' ? 'Loading' : found ? 'Discussion of an audit' : 'Audit not found',
  );
  if (state.status === 'loading')
    return (
      <p class="govuk-body" role="status">
        Loading…
      </p>
    );
  if (!found)
    return (
      <>
        <BackLink href={BACK}>Back to discussing audited cases</BackLink>
        <h1 class="govuk-heading-l">Audit not found</h1>
        <p class="govuk-body">
          It is not a submitted single case audit of your teams, or it has not reached this tablet
          yet.
        </p>
      </>
    );
  if (user.role !== 'head-of-service')
    return (
      <>
        <BackLink href={BACK}>Back to discussing audited cases</BackLink>
        <h1 class="govuk-heading-l">Only a head of service records this</h1>
        <p class="govuk-body">
          The head of service of the audit’s team records their discussion of it.
        </p>
      </>
    );
  return <Discussion family={state.family} facts={facts} />;
}

function problemOf(facts: AuditFacts, path: string, value: FieldValue): string | undefined {
  if (path === NOTE && typeof value === 'string' && value.length > SAMPLE_DISCUSSION_NOTE_MAX)
    return `The note must be ${SAMPLE_DISCUSSION_NOTE_MAX.toLocaleString('en-GB')} characters or fewer`;
  if (path !== HELD_ON || !isCalendarDate(value)) return undefined;
  const problem = heldOnProblem(facts, value, londonDateOf(new Date()));
  if (problem === 'in-future') return 'The date of the discussion must be today or in the past';
  if (problem === 'before-audit')
    return beforeRecordMessage(
      'The date of the discussion',
      'audit',
      facts.date ?? facts.submittedOn!,
    );
  return undefined;
}

function Discussion({ family, facts }: { family: RecordFamily; facts: AuditFacts }) {
  const { view, observation: o } = family;
  const location = useLocation();
  const [attempt, setAttempt] = useState(0);
  const form = useRecordForm({
    recordId: view.id,
    type: 'observation',
    fields: view.fields,
    version: view.version,
    validate: (path, value) => problemOf(facts, path, value),
  });
  const heldOn = form.value(HELD_ON);
  // Judged as typed (form.problem); whether a date is there at all, once they say they are done.
  const dateError =
    form.problem(HELD_ON) ??
    (attempt === 0
      ? undefined
      : form.partial(HELD_ON) !== undefined
        ? 'The date of the discussion must be a real date'
        : heldOn === null || heldOn === undefined
          ? 'Enter the date of the discussion'
          : undefined);
  const noteError = form.problem(NOTE);
  const problems = [
    ...(dateError ? [{ href: `#${fieldId(HELD_ON)}`, text: dateError }] : []),
    ...(noteError ? [{ href: `#${fieldId(NOTE)}`, text: noteError }] : []),
  ];
  const done = async () => {
    await form.flush().catch(() => undefined);
    if (form.heldBack.length > 0 || heldOn === null || heldOn === undefined) {
      setAttempt((n) => n + 1);
      return;
    }
    location.route(BACK);
  };
  const caseId = o.context.caseId ?? '';
  return (
    <>
      <div class="app-observation-bar">
        <BackLink href={BACK}>Back to discussing audited cases</BackLink>
        <div class="app-observation-bar__actions">
          <SaveStatus state={form.state} error={form.error} heldBack={form.heldBack.length} />
        </div>
      </div>
      <ErrorSummary errors={attempt > 0 ? problems : []} focusKey={attempt} />
      <span class="govuk-caption-l">Single case audit</span>
      <h1 class="govuk-heading-l">Discussion of the audit of case {caseId}</h1>
      <SummaryList
        rows={[
          { key: 'Case ID', value: caseId },
          { key: 'Date of audit', value: facts.date ? formatDate(facts.date) : 'Not recorded' },
        ]}
      />
      <DateInput
        id={fieldId(HELD_ON)}
        legend="When did you discuss it with the social worker and their manager?"
        hint="For example, 27 11 2026"
        value={typeof heldOn === 'string' ? heldOn : undefined}
        onChange={(v) => form.set(HELD_ON, v)}
        partial={form.partial(HELD_ON)}
        onPartial={(kept) => form.setPartial(HELD_ON, kept)}
        error={dateError}
      />
      <Textarea
        id={fieldId(NOTE)}
        label="Notes (optional)"
        hint="What was learned from the case, and anything agreed. Do not write the child’s or family’s names."
        value={form.text(NOTE)}
        maxLength={SAMPLE_DISCUSSION_NOTE_MAX}
        rows={5}
        error={noteError}
        onInput={(v) => form.set(NOTE, v)}
        onBlur={() => void form.flush().catch(() => undefined)}
        before={
          <FieldConflicts
            conflicts={view.conflicts}
            paths={[NOTE]}
            recordId={view.id}
            label="Notes"
          />
        }
      />
      <button type="button" class="govuk-button" data-module="govuk-button" onClick={done}>
        Done
      </button>
    </>
  );
}
