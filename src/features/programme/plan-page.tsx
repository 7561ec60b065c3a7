import { useEffect, useState } from 'preact/hooks';
import { z } from 'zod';
import { directoryResponseSchema } from '../../../schemas/api/directory';
import type { DirectoryPerson } from '../../../schemas/api/directory';
import { assignmentsResponseSchema } from '../../../schemas/api/programme';
import type { AssignmentView } from '../../../schemas/api/programme';
import { caseIdSchema } from '../../../schemas/entities/common';
import { monthEnd } from '../../../schemas/rules/expectations';
import { describeFailure } from '../../lib/api';
import { useServices } from '../../lib/services';
import { useFormDraft } from '../../lib/use-form-draft';
import { Button, NotificationBanner } from '../../ui/content';
import { ErrorSummary } from '../../ui/error-summary';
import { usePageTitle } from '../../ui/page-title';
import { Select } from '../../ui/select';
import { Table } from '../../ui/table';
import { TextInput } from '../../ui/text-input';
import { Textarea } from '../../ui/textarea';
import { canObserve, formatDate, londonToday, observerLabel, useOnlineRequest } from './model';
import { usePlanId } from './plan-id';

const problemsSchema = z.array(z.object({ text: z.string() }));
type Problem = { href: string; text: string };
type PlanForm = {
  month: string;
  cases: Record<string, string>;
  auditors: Record<string, string>;
  /** The id the plan was first sent under, until it is made (plan-id.ts). */
  planId?: string;
};

/** A QA lead plans a month's single case audits: one case and auditor per practice group. */
export function PlanPage() {
  const { user, online } = useServices();
  const request = useOnlineRequest();
  const groups = user.scopes
    .filter((s) => s.kind === 'practice-group')
    .sort((a, b) => a.name.localeCompare(b.name));
  // What is typed is on the tablet at once, so the idle lock loses neither the plan nor a pasted
  // file; each goes once the server has it.
  const planDraft = useFormDraft<PlanForm>('programme:plan', () => ({
    month: londonToday().slice(0, 7),
    cases: {},
    auditors: {},
  }));
  const { month, cases, auditors } = planDraft.value;
  const planId = usePlanId(planDraft.value.planId, (id) =>
    planDraft.set({ ...planDraft.value, planId: id }),
  );
  const change = (part: Partial<PlanForm>) => {
    planId.forget();
    planDraft.set({ ...planDraft.value, ...part, planId: undefined });
  };
  const csvDraft = useFormDraft<string>('programme:plan-csv', () => '');
  const csv = csvDraft.value;
  const importId = usePlanId();
  const changeCsv = (next: string) => {
    importId.forget();
    csvDraft.set(next);
  };
  const [people, setPeople] = useState<DirectoryPerson[]>([]);
  const [errors, setErrors] = useState<Problem[]>([]);
  const [made, setMade] = useState<AssignmentView[] | null>(null);
  const [busy, setBusy] = useState(false);
  usePageTitle('Plan a month’s audits', errors.length > 0);

  useEffect(() => {
    void request('/api/directory', { schema: directoryResponseSchema }).then((r) => {
      if (r.ok) setPeople(r.value.people.filter(canObserve));
    });
  }, []);

  const plan = async () => {
    const found: Problem[] = [];
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month))
      found.push({ href: '#month', text: 'Enter the month in the format YYYY-MM, like 2026-05' });
    const chosen = groups.filter((g) => (cases[g.id] ?? '').trim() !== '');
    if (chosen.length === 0)
      found.push({
        href: `#case-${groups[0]?.id ?? ''}`,
        text: 'Enter a case ID for at least one group',
      });
    for (const g of chosen) {
      if (!caseIdSchema().safeParse(cases[g.id]!.trim()).success)
        found.push({ href: `#case-${g.id}`, text: `Enter a case ID like AB-1234 for ${g.name}` });
      if (!auditors[g.id])
        found.push({ href: `#auditor-${g.id}`, text: `Select the auditor for ${g.name}` });
    }
    setErrors(found);
    if (found.length) return;
    const [y, m] = month.split('-').map(Number) as [number, number];
    setBusy(true);
    const res = await request('/api/programme/assignments', {
      method: 'POST',
      schema: assignmentsResponseSchema,
      body: {
        planId: planId.take(),
        assignments: chosen.map((g) => ({
          scopeId: g.id,
          kind: 'single-case-audit',
          observerUserId: auditors[g.id]!,
          caseId: cases[g.id]!.trim(),
          dueDate: monthEnd(y, m),
          month,
        })),
      },
    });
    setBusy(false);
    if (res.ok) {
      setMade(res.value.assignments);
      planId.forget();
      await planDraft.reset({ ...planDraft.value, cases: {}, planId: undefined });
    } else setErrors([{ href: '#month', text: describeFailure(res.failure) }]);
  };

  const importCsv = async () => {
    if (!csv.trim()) {
      setErrors([{ href: '#csv', text: 'Paste the performance team’s file first' }]);
      return;
    }
    setBusy(true);
    const res = await request('/api/programme/audits/import', {
      method: 'POST',
      schema: assignmentsResponseSchema,
      body: { planId: importId.take(), csv },
    });
    setBusy(false);
    if (res.ok) {
      setErrors([]);
      setMade(res.value.assignments);
      importId.forget();
      await csvDraft.reset();
      return;
    }
    const f = res.failure;
    const details = f.kind === 'refused' ? problemsSchema.safeParse(f.details) : null;
    setErrors(
      f.kind === 'refused' && f.code === 'IMPORT_REJECTED' && details?.success
        ? [
            {
              href: '#csv',
              text: 'Nothing was imported. Correct these rows and import the whole file again',
            },
            ...details.data.map((d) => ({ href: '#csv', text: d.text })),
          ]
        : [{ href: '#csv', text: describeFailure(f) }],
    );
  };

  const groupName = (id: string) => groups.find((g) => g.id === id)?.name ?? id;
  const personName = (id: string) => people.find((p) => p.id === id)?.displayName ?? id;
  return (
    <>
      <ErrorSummary errors={errors} focusKey={errors} />
      <h1 class="govuk-heading-l">Plan a month’s audits</h1>
      <p class="govuk-body">
        For observations expected every month, quarter or year,{' '}
        <a class="govuk-link" href="/programme/expectations">
          plan a recurring expectation
        </a>
        .
      </p>
      {!online ? (
        <p class="govuk-body">
          Planning needs a connection to the server. Try again when you are online.
        </p>
      ) : null}
      {made ? (
        <NotificationBanner success title="Planned">
          <p class="govuk-notification-banner__heading">
            {made.length} {made.length === 1 ? 'audit' : 'audits'} planned. Each auditor receives
            theirs at their next sync.
          </p>
        </NotificationBanner>
      ) : null}
      {made ? (
        <Table
          caption="Just planned"
          captionSize="s"
          rows={made}
          rowKey={(a) => a.id}
          columns={[
            { header: 'Practice group', cell: (a) => a.teamName ?? groupName(a.scopeId) },
            { header: 'Case', cell: (a) => a.caseId ?? '' },
            { header: 'Auditor', cell: (a) => a.observerName ?? personName(a.observerUserId) },
            { header: 'Due', cell: (a) => formatDate(a.dueDate) },
          ]}
        />
      ) : null}
      <TextInput
        id="month"
        label="Month"
        labelSize="m"
        hint="For example, 2026-05. The audits are due on the month’s last day."
        value={month}
        onInput={(v) => change({ month: v })}
        width="10"
        error={errors.find((e) => e.href === '#month')?.text}
      />
      {groups.map((g) => (
        <fieldset class="govuk-fieldset govuk-!-margin-bottom-6" key={g.id}>
          <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{g.name}</legend>
          <TextInput
            id={`case-${g.id}`}
            label="Case ID"
            value={cases[g.id] ?? ''}
            onInput={(v) => change({ cases: { ...cases, [g.id]: v } })}
            width="10"
            error={errors.find((e) => e.href === `#case-${g.id}`)?.text}
          />
          <Select
            id={`auditor-${g.id}`}
            label="Auditor"
            value={auditors[g.id] ?? ''}
            onChange={(v) => change({ auditors: { ...auditors, [g.id]: v } })}
            empty="Choose an auditor"
            options={people.map((p) => ({ value: p.id, label: observerLabel(p) }))}
            error={errors.find((e) => e.href === `#auditor-${g.id}`)?.text}
          />
        </fieldset>
      ))}
      <Button onClick={() => void plan()} disabled={busy || !online}>
        Plan these audits
      </Button>
      <h2 class="govuk-heading-m">Or import the performance team’s selection</h2>
      <Textarea
        id="csv"
        label="The file’s contents"
        hint="Columns: month, practice_group, case_id, auditor_email. A file with any problem imports nothing."
        value={csv}
        onInput={changeCsv}
        maxLength={512 * 1024}
        rows={6}
        spellcheck={false}
        error={errors.find((e) => e.href === '#csv')?.text}
      />
      <Button variant="secondary" onClick={() => void importCsv()} disabled={busy || !online}>
        Import the selection
      </Button>
    </>
  );
}
