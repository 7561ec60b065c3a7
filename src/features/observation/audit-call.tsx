// A single case audit and its family feedback call are two records: the call names its audit in
// `context.linkedObservationId` (set when it is started from the audit or its assignment, or
// chosen on the call's set-up page). The audit's family feedback section shows the call and can
// take its summary; the call's set-up says which audit it is for, and the call's pages lead back
// to it.
import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { responsePath } from '../../../schemas/entities/observation-fields';
import { getRecord, listChildren, listSummaries, readScratch } from '../../db';
import type { RecordSummary, RecordView } from '../../db';
import { newRecordId } from '../../lib/ids';
import { saveNewObservation } from '../../lib/start-observation';
import { formatDate, statusLabels } from '../../lib/observation-records';
import { useServices } from '../../lib/services';
import { useLive } from '../../lib/use-live';
import { sameName } from '../../lib/team-people';
import { Button, ButtonGroup } from '../../ui/content';
import { Select } from '../../ui/select';
import { SummaryCard, SummaryList } from '../../ui/summary-list';
import { fieldId } from '../../ui/field-ids';
import { templateForNew } from './model';
import type { LoadedObservation } from './use-observation';
import type { useObservationForm } from './use-observation-form';

type Form = ReturnType<typeof useObservationForm>;

const LINK = 'context.linkedObservationId';
/** The call's own summary for the audit. */
const SUMMARY = 'family.auditorSummary';
/**
 * What a call takes from its audit rather than asking again (WCAG 3.3.7): the case, and the
 * social worker whose case was audited, who is the family's allocated social worker.
 */
const CARRIED = [
  'context.caseId',
  'context.observedName',
  'context.observedRole',
  'context.observedUserId',
] as const;
/** The audit's answer the call's summary goes into (single case audit, family feedback). */
const FAMILY_SUMMARY_PATH = responsePath('family-feedback-summary', 'value');

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** The person's own observations of one kind on this tablet, newest change first. */
function ownOfKind(summaries: readonly RecordSummary[], kind: string, userId: string) {
  return summaries.filter(
    (s) => !s.deleted && s.fields['kind'] === kind && (s.ownerId === null || s.ownerId === userId),
  );
}

/**
 * The call of an audit: the one the audit names, the one its assignment started, or one that
 * names the audit.
 */
async function findCall(data: LoadedObservation, services: ReturnType<typeof useServices>) {
  const { store } = services;
  const audit = data.view;
  const candidates: string[] = [];
  const own = str(audit.fields[LINK]);
  if (own) candidates.push(own);
  const assignmentId = str(audit.fields['context.assignmentId']);
  if (assignmentId) {
    const assignment = await getRecord(store.db, store.cipher, assignmentId);
    const fromPlan = str(assignment?.fields['familyCallId']);
    if (fromPlan) candidates.push(fromPlan);
  }
  for (const id of candidates) {
    const call = await getRecord(store.db, store.cipher, id);
    if (call && !call.deleted && call.fields['kind'] === 'family-feedback-call') return call;
  }
  const summaries = await listSummaries(store.db, store.cipher, 'observation');
  const naming = summaries.find(
    (s) => !s.deleted && s.fields['kind'] === 'family-feedback-call' && s.fields[LINK] === audit.id,
  );
  return naming ? ((await getRecord(store.db, store.cipher, naming.id)) ?? null) : null;
}

/** An audit in words, as the call names it: its case and its day, never a child's name. */
function auditWords(fields: Readonly<Record<string, unknown>>): string {
  const caseId = str(fields['context.caseId']);
  const date = str(fields['context.date']);
  return `${caseId ? `Case ${caseId}` : 'Case ID not recorded'}, audit ${
    date ? `of ${formatDate(date)}` : 'not dated yet'
  }`;
}

/**
 * The audit a family feedback call is for, where the call leads back to: `null` when it names
 * none; `words` is `null` when the one it names is not on this tablet (not pulled here, or
 * deleted), so the call does not send the person to a page that cannot show it, and `undefined`
 * until the tablet is read.
 */
export function useCallsAudit(
  data: LoadedObservation | null,
): { id: string; words: string | null | undefined } | null {
  const { store } = useServices();
  const id =
    data?.template.kind === 'family-feedback-call' ? str(data.view.fields[LINK]) : undefined;
  const audit = useLive(
    async () => (id ? ((await getRecord(store.db, store.cipher, id)) ?? null) : null),
    [id, store],
  );
  if (!id) return null;
  const view = audit.value;
  if (view === undefined) return { id, words: undefined };
  const here = view && !view.deleted && view.fields['kind'] === 'single-case-audit';
  return { id, words: here ? auditWords(view.fields) : null };
}

/**
 * What the call says for the audit: the auditor's summary, or for a family never reached (nobody
 * was asked, so there is no summary to write) that they could not be reached, after how many
 * attempts.
 */
async function callOutcome(store: ReturnType<typeof useServices>['store'], call: RecordView) {
  if (call.fields['context.consent.given'] !== 'not-reached') return null;
  const attempts = await listChildren(store.db, store.cipher, call.id, { type: 'call-attempt' });
  const n = attempts.length;
  return `The family could not be reached after ${n} call ${n === 1 ? 'attempt' : 'attempts'}`;
}

/** Where the call stands, in the words of every other list (a returned call is not "submitted"). */
const statusLabel = (call: RecordView) => {
  const status = call.fields['status'];
  if (status === 'draft' || status === undefined) return 'Not submitted yet';
  return statusLabels[status as keyof typeof statusLabels] ?? 'Submitted';
};

/**
 * On a submitted audit's own page, read-only: its family feedback call as it stands now, so a call
 * finished after the audit was submitted is still seen with it (its summary reaches the audit's
 * answer only when the auditor adds it, amending the audit).
 */
export function AuditFamilyCallRead({ data }: { data: LoadedObservation }) {
  const services = useServices();
  const call = useLive(async () => {
    const view = data.template.kind === 'single-case-audit' ? await findCall(data, services) : null;
    return view ? { view, unreached: await callOutcome(services.store, view) } : null;
  }, [data.view, services.store]);
  if (data.template.kind !== 'single-case-audit') return null;
  if (call.loading && call.value === undefined) return null;
  const found = call.value?.view ?? null;
  const unreached = call.value?.unreached ?? null;
  if (!found) {
    return (
      <SummaryCard title="The family feedback call" id="family-call">
        <p class="govuk-body">No family feedback call for this audit is on this tablet.</p>
      </SummaryCard>
    );
  }
  const summary = str(found.fields[SUMMARY]);
  const date = str(found.fields['context.date']);
  return (
    <SummaryCard
      title="The family feedback call"
      id="family-call"
      actions={
        <a class="govuk-link" href={`/observations/${found.id}`}>
          Open the family feedback call
        </a>
      }
    >
      <SummaryList
        rows={[
          { key: 'Status', value: statusLabel(found) },
          { key: 'Date of the call', value: date ? formatDate(date) : 'Not recorded yet' },
          unreached && !summary
            ? { key: 'The family', value: unreached }
            : {
                key: 'The auditor’s summary of the call',
                value: summary ? <span class="app-prewrap">{summary}</span> : 'Not written yet',
              },
        ]}
      />
    </SummaryCard>
  );
}

/** On the audit's family feedback section: the call, its summary, or a way to start it. */
export function AuditFamilyCall({ data, form }: { data: LoadedObservation; form: Form }) {
  const services = useServices();
  const { store, sync, templates } = services;
  const { route } = useLocation();
  const [busy, setBusy] = useState(false);
  const [added, setAdded] = useState(false);
  const call = useLive(async () => {
    const view = await findCall(data, services);
    // The call's summary typed but held back on this tablet (it fails its check): not the one
    // its record holds, so what the record holds is not offered as the call's summary.
    const held = view ? SUMMARY in (await readScratch(store.db, store.cipher, view.id)) : false;
    return view ? { view, held, unreached: await callOutcome(store, view) } : null;
  }, [data.view, store]);
  if (call.loading && call.value === undefined) return null;
  const found = call.value?.view ?? null;
  const summaryHeld = call.value?.held ?? false;
  const unreached = call.value?.unreached ?? null;

  const start = async () => {
    const template = templateForNew('family-feedback-call', templates);
    if (!template || !data.view.scopeId) return;
    setBusy(true);
    try {
      const id = newRecordId();
      const changes: Record<string, string | number | boolean> = {
        kind: 'family-feedback-call',
        templateId: template.id,
        templateVersion: template.version,
        status: 'draft',
        sharedWithPractitioner: false,
        serviceId: str(data.view.fields['serviceId']) ?? data.view.scopeId,
        [LINK]: data.view.id,
      };
      for (const path of CARRIED) {
        const value = str(data.view.fields[path]);
        if (value) changes[path] = value;
      }
      // The audit's assignment, if it has one, is the call's too: linked the same way as a call
      // recorded from the assignment's page, so the assignment waits for this call.
      const assignmentId = str(data.view.fields['context.assignmentId']);
      await saveNewObservation(store, {
        id,
        scopeId: data.view.scopeId,
        changes,
        assignment: assignmentId ? { assignmentId, field: 'familyCallId' } : undefined,
      });
      sync.notifyLocalEdit();
      route(`/observations/${id}`);
    } finally {
      setBusy(false);
    }
  };

  if (!found) {
    return (
      <>
        <h2 class="govuk-heading-m">The family feedback call</h2>
        <p class="govuk-body">
          No family feedback call for this audit is on this tablet. Start one here and it is linked
          to this audit, with the case ID and the social worker filled in.
        </p>
        <Button variant="secondary" disabled={busy} onClick={() => void start()}>
          Start the family feedback call for this audit
        </Button>
      </>
    );
  }

  const summary = str(found.fields[SUMMARY]);
  const date = str(found.fields['context.date']);
  const addSummary = () => {
    if (!summary) return;
    // Added after what is there, never over it: nothing typed into the answer is replaced.
    const current = form.text(FAMILY_SUMMARY_PATH);
    form.set(FAMILY_SUMMARY_PATH, current.trim() ? `${current}\n\n${summary}` : summary);
    void form.flush().catch(() => undefined);
    setAdded(true);
  };
  return (
    <>
      <h2 class="govuk-heading-m">The family feedback call</h2>
      <SummaryList
        rows={[
          { key: 'Status', value: statusLabel(found) },
          { key: 'Date of the call', value: date ? formatDate(date) : 'Not recorded yet' },
          unreached && !summary
            ? { key: 'The family', value: unreached }
            : {
                key: 'Your summary of the call',
                value: (
                  <>
                    {summary ? <span class="app-prewrap">{summary}</span> : 'Not written yet'}
                    {summaryHeld ? (
                      <p class="govuk-body app-held-back">
                        <strong>Kept on this tablet, not sent</strong> – what you last typed as the
                        summary needs fixing on the call before it can be added here
                      </p>
                    ) : null}
                  </>
                ),
              },
        ]}
      />
      <ButtonGroup>
        {summary && !summaryHeld ? (
          <Button variant="secondary" onClick={addSummary}>
            Add the call’s summary to this audit
          </Button>
        ) : null}
        <a class="govuk-link" href={`/observations/${found.id}`}>
          Open the family feedback call
        </a>
      </ButtonGroup>
      <p class="govuk-body" role="status">
        {added ? 'The call’s summary was added to the summary of the family’s feedback below.' : ''}
      </p>
    </>
  );
}

/** On a family call's set-up: which of the person's audits the call is for. */
export function CallAudit({ form }: { form: Form }) {
  const { store, user } = useServices();
  const audits = useLive(
    async () =>
      ownOfKind(
        await listSummaries(store.db, store.cipher, 'observation'),
        'single-case-audit',
        user.id,
      ),
    [store, user.id],
  );
  const current = str(form.value(LINK)) ?? '';
  const list = audits.value ?? [];
  const options = list.map((a) => ({ value: a.id, label: auditWords(a.fields) }));
  if (current && !options.some((o) => o.value === current))
    options.unshift({
      value: current,
      // Until the tablet's audits are read, the linked one is not known to be missing.
      label:
        audits.loading && audits.value === undefined
          ? 'Finding the audit…'
          : 'An audit not on this tablet',
    });
  const choose = (id: string) => {
    form.set(LINK, id || null);
    const audit = list.find((a) => a.id === id);
    // The call is about the audit's case and its social worker: what the audit says of them
    // follows where nothing was typed here, and nothing typed is replaced. The social worker's
    // account follows only with their name: a call naming someone else is not linked to it.
    const typedName = form.text('context.observedName');
    for (const path of CARRIED) {
      const value = str(audit?.fields[path]);
      if (!value || form.text(path)) continue;
      if (
        path === 'context.observedUserId' &&
        typedName.trim() !== '' &&
        !sameName(typedName, str(audit?.fields['context.observedName']))
      )
        continue;
      form.set(path, value);
    }
    void form.flush().catch(() => undefined);
  };
  return (
    <Select
      id={fieldId(LINK)}
      label="Which audit is this call for?"
      hint="Your single case audits on this tablet. The call’s answers belong in that audit’s family feedback."
      value={current}
      empty="Not linked to an audit"
      options={options}
      onChange={choose}
      error={form.problem(LINK)}
    />
  );
}
