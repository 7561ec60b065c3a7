import { useLocation } from 'preact-iso';
import { useEffect, useRef, useState } from 'preact/hooks';
import {
  AUDIT_PARTS,
  AUDIT_PART_LABELS,
  EXEMPTION_REASON_LABELS,
  completionProblems,
  familyCallPartProblem,
  isSubmittedStatus,
} from '../../../schemas/entities/assignment';
import type { AuditPart } from '../../../schemas/entities/assignment';
import { observationKindLabels } from '../../../schemas/entities/observation-kind';
import type { ObservationKind } from '../../../schemas/entities/observation-kind';
import { COVERAGE_STATE_LABELS } from '../../../schemas/rules/coverage';
import { meetingTypeAnswer } from '../../../schemas/rules/meeting-type';
import { getRecord, saveFields } from '../../db';
import { assignmentHere, linkedOf } from '../../lib/assignments-here';
import type { AssignmentHere } from '../../lib/assignments-here';
import { londonDayWordsOf } from '../../../schemas/calendar/london-time';
import { newRecordId } from '../../lib/ids';
import { saveNewObservation } from '../../lib/start-observation';
import { useServices } from '../../lib/services';
import { useLive } from '../../lib/use-live';
import {
  BackLink,
  Button,
  ButtonGroup,
  ButtonLink,
  InsetText,
  NotificationBanner,
  Tag,
} from '../../ui/content';
import { Checkboxes } from '../../ui/checkboxes';
import { ErrorSummary } from '../../ui/error-summary';
import { usePageTitle } from '../../ui/page-title';
import { SummaryList } from '../../ui/summary-list';
import type { SummaryRow } from '../../ui/summary-list';
import { STATE_COLOURS, formatDate, formatMonth, londonToday, stateOf, subjectOf } from './model';

type Problem = { href: string; text: string };

/** One assignment: what it asks, starting (or going back to) its observation, an audit's parts. */
export function AssignmentPage({ id }: { id: string }) {
  const { store } = useServices();
  const live = useLive(async () => {
    const r = await getRecord(store.db, store.cipher, id);
    return r && { record: r, a: await assignmentHere(store, r) };
  }, [store, id]);
  // Kept here so the title, set once for the page, says when the view shows errors.
  const [errors, setErrors] = useState<Problem[]>([]);
  usePageTitle('Assignment', errors.length > 0);
  if (live.loading && !live.value) return <p class="govuk-body">Loading the assignment…</p>;
  if (!live.value || live.value.record.type !== 'assignment' || live.value.record.deleted)
    return (
      <>
        <BackLink href="/assignments" />
        <h1 class="govuk-heading-l">This assignment is not on this tablet</h1>
        <p class="govuk-body">It may have been withdrawn. Sync, then look again.</p>
      </>
    );
  return <AssignmentView a={live.value.a} errors={errors} setErrors={setErrors} />;
}

function AssignmentView({
  a,
  errors,
  setErrors,
}: {
  a: AssignmentHere;
  errors: Problem[];
  setErrors: (errors: Problem[]) => void;
}) {
  const { store, sync, templates, user } = useServices();
  const { route } = useLocation();
  const [busy, setBusy] = useState(false);
  // Marking it done removes the button pressed; the confirmation takes the keyboard instead.
  const [markedDone, setMarkedDone] = useState(false);
  const state = stateOf(a);
  const audit = a.kind === 'single-case-audit';
  const open = state !== 'done' && state !== 'exempted';
  // A record it started is linked only while this tablet holds it and it is not deleted (here,
  // or under the retention schedule): an open assignment's link to one gone is dropped already
  // (assignmentHere), and a finished one's would open "Observation not found".
  const observationHere = a.observationId && a.observationStatus !== undefined;
  const familyCallHere = a.familyCallId && a.familyCallStatus !== undefined;

  const save = async (changes: Record<string, string | null>) => {
    await saveFields(store.db, store.cipher, { recordId: a.id, type: 'assignment', changes });
    sync.notifyLocalEdit();
  };

  // An observation starts with what the plan knows: kind, team, case, who or what is observed.
  // An audit's family feedback call is an observation of its own, linked to the audit.
  const start = async (kind: ObservationKind, field: 'observationId' | 'familyCallId') => {
    const ofKind = templates.filter((t) => t.kind === kind);
    const local = ofKind.filter((t) => t.id !== kind);
    const chosen = [...(local.length ? local : ofKind)].sort((x, y) => y.version - x.version)[0];
    if (!chosen) return;
    setBusy(true);
    try {
      const obsId = newRecordId();
      const team = user.scopes.find((s) => s.id === a.scopeId);
      const changes: Record<string, string | number | boolean> = {
        kind,
        templateId: chosen.id,
        templateVersion: chosen.version,
        status: 'draft',
        sharedWithPractitioner: false,
        serviceId: a.serviceId ?? team?.parentId ?? a.scopeId,
      };
      if (a.caseId) changes['context.caseId'] = a.caseId;
      if (a.observedName) changes['context.observedName'] = a.observedName;
      if (a.observedUserId) changes['context.observedUserId'] = a.observedUserId;
      // The meeting planned says what kind of meeting it is (its type decides the timescale it is
      // judged by), never where it took place: that is the observer's to enter.
      const meetingType = a.meeting ? meetingTypeAnswer(chosen, a.meeting) : null;
      if (meetingType) changes[meetingType.path] = meetingType.key;
      if (field === 'familyCallId' && a.observationId)
        changes['context.linkedObservationId'] = a.observationId;
      await saveNewObservation(store, {
        id: obsId,
        scopeId: a.scopeId,
        changes,
        assignment: { assignmentId: a.id, field },
      });
      sync.notifyLocalEdit();
      route(`/observations/${obsId}`);
    } finally {
      setBusy(false);
    }
  };

  // An audit is marked done by its observer once whole (every part, its records submitted); an
  // observation assignment is done when its observation is submitted, so it has no such button.
  const finish = async () => {
    const missing = AUDIT_PARTS.filter((p) => !a[`parts.${p}`]);
    if (missing.length) {
      setErrors([
        {
          href: '#parts',
          text: `Tick every part before marking the audit done: ${missing
            .map((p) => AUDIT_PART_LABELS[p].toLowerCase())
            .join(', ')}`,
        },
      ]);
      return;
    }
    const [problem] = completionProblems(a, linkedOf(a));
    if (problem) {
      setErrors([{ href: hrefOf(problem.path), text: problem.message }]);
      return;
    }
    setErrors([]);
    await save({ completedAt: new Date().toISOString() });
    setMarkedDone(true);
  };

  // A part's error stands beside it, and goes once a part's change has landed: cleared before,
  // the page would draw the box just ticked unticked until the save comes back.
  const toggle = async (p: AuditPart, checked: boolean) => {
    const noCall = p === 'family-call' && checked ? familyCallPartProblem(a) : undefined;
    if (noCall) setErrors([{ href: hrefOf(noCall.path), text: noCall.message }]);
    else await save({ [`parts.${p}`]: checked ? londonToday() : null });
  };
  const partDates = AUDIT_PARTS.map((p) => a[`parts.${p}`] ?? '').join(' ');
  const shownPartDates = useRef(partDates);
  useEffect(() => {
    if (shownPartDates.current === partDates) return;
    shownPartDates.current = partDates;
    setErrors(errors.filter((e) => !e.href.startsWith('#parts')));
  }, [partDates, errors, setErrors]);

  const rows: SummaryRow[] = [
    { key: 'What', value: observationKindLabels[a.kind] },
    ...(a.caseId
      ? [{ key: 'Case ID', value: a.caseId }]
      : subjectOf(a)
        ? [{ key: 'Observing', value: subjectOf(a) }]
        : []),
    ...(a.meeting && subjectOf(a) !== a.meeting ? [{ key: 'Meeting', value: a.meeting }] : []),
    ...(a.teamName ? [{ key: 'Team', value: a.teamName }] : []),
    ...(a.month ? [{ key: 'Month', value: formatMonth(a.month) }] : []),
    { key: 'Due by', value: formatDate(a.dueDate) },
    {
      key: 'Status',
      value: <Tag colour={STATE_COLOURS[state]}>{COVERAGE_STATE_LABELS[state]}</Tag>,
    },
  ];
  if (a.completedAt) rows.push({ key: 'Done on', value: londonDayWordsOf(a.completedAt) });
  if (a['exemption.reason'])
    rows.push({
      key: 'Exempted',
      value: `${EXEMPTION_REASON_LABELS[a['exemption.reason']]}${
        a['exemption.grantedAt'] ? `, on ${londonDayWordsOf(a['exemption.grantedAt'])}` : ''
      }${a['exemption.note'] ? `: ${a['exemption.note']}` : ''}`,
    });

  return (
    <>
      <BackLink href="/assignments" />
      <ErrorSummary errors={errors} focusKey={errors} />
      {markedDone ? (
        <NotificationBanner success focus id="marked-done">
          <p class="govuk-notification-banner__heading">You marked this audit as done.</p>
        </NotificationBanner>
      ) : null}
      <h1 class="govuk-heading-l">{observationKindLabels[a.kind]}</h1>
      <SummaryList rows={rows} />
      {state === 'exempted' ? (
        <InsetText>A head of service exempted this assignment; there is nothing to do.</InsetText>
      ) : null}
      {open && !audit ? (
        <InsetText>
          {a.observationId
            ? 'This assignment is done when you submit its observation. Continue the observation and submit it.'
            : 'This assignment is done when you submit its observation. Start the observation, then submit it.'}
        </InsetText>
      ) : null}
      {a.retentionDeletedAt ? (
        <InsetText>
          {`${audit ? 'The audit’s records were' : 'The observation was'} deleted under the retention schedule on ${londonDayWordsOf(a.retentionDeletedAt)}.`}
        </InsetText>
      ) : null}
      {open || observationHere ? (
        <div id="audit-records">
          <ButtonGroup>
            {observationHere ? (
              <ButtonLink
                href={`/observations/${a.observationId}`}
                variant={open ? 'primary' : 'secondary'}
              >
                {`${open && !isSubmittedStatus(a.observationStatus) ? 'Continue' : 'View'} the ${
                  audit ? 'audit' : 'observation'
                }`}
              </ButtonLink>
            ) : (
              <Button onClick={() => void start(a.kind, 'observationId')} disabled={busy}>
                {audit ? 'Start the audit' : 'Start the observation'}
              </Button>
            )}
            {audit && familyCallHere ? (
              <ButtonLink href={`/observations/${a.familyCallId}`} variant="secondary">
                {open && !isSubmittedStatus(a.familyCallStatus)
                  ? 'Continue the family feedback call'
                  : 'View the family feedback call'}
              </ButtonLink>
            ) : null}
            {audit && open && a.observationId && !a.familyCallId ? (
              <Button
                variant="secondary"
                onClick={() => void start('family-feedback-call', 'familyCallId')}
                disabled={busy}
              >
                Record the family feedback call
              </Button>
            ) : null}
          </ButtonGroup>
        </div>
      ) : null}
      {open && audit ? (
        <Checkboxes
          id="parts"
          name="parts"
          legend="Parts of the audit done"
          legendSize="m"
          hint="Each part is dated the day you tick it. The whole audit is due at the end of the month."
          options={AUDIT_PARTS.map((p) => ({
            value: p,
            label: AUDIT_PART_LABELS[p],
            ...(a[`parts.${p}`] ? { hint: `Done ${formatDate(a[`parts.${p}`]!)}` } : {}),
          }))}
          selected={AUDIT_PARTS.filter((p: AuditPart) => Boolean(a[`parts.${p}`]))}
          onToggle={(p, checked) => void toggle(p as AuditPart, checked)}
          error={errors.find((e) => e.href.startsWith('#parts'))?.text}
        />
      ) : null}
      {open && audit ? (
        <Button variant="secondary" onClick={() => void finish()}>
          Mark as done
        </Button>
      ) : null}
    </>
  );
}

/** Where the error summary takes a problem: beside the part it is about, else to the records. */
function hrefOf(path: string): string {
  const part = AUDIT_PARTS.findIndex((p) => path === `parts.${p}`);
  // The Checkboxes component's ids: the first is the group's, then `<id>-2` onwards.
  if (part >= 0) return part === 0 ? '#parts' : `#parts-${part + 1}`;
  return '#audit-records';
}
