import { useEffect, useState } from 'preact/hooks';
import { directoryResponseSchema } from '../../../schemas/api/directory';
import type { DirectoryPerson } from '../../../schemas/api/directory';
import { MAX_PLANNED, assignmentsResponseSchema } from '../../../schemas/api/programme';
import {
  OBSERVATION_KINDS,
  observationKindLabels,
} from '../../../schemas/entities/observation-kind';
import type { ObservationKind } from '../../../schemas/entities/observation-kind';
import { expectationDueDates, financialYearOf } from '../../../schemas/rules/expectations';
import type { ExpectationFrequency } from '../../../schemas/rules/expectations';
import { describeFailure } from '../../lib/api';
import { useServices } from '../../lib/services';
import { useFormDraft } from '../../lib/use-form-draft';
import { Button, NotificationBanner } from '../../ui/content';
import { ErrorSummary } from '../../ui/error-summary';
import { usePageTitle } from '../../ui/page-title';
import { Radios } from '../../ui/radios';
import { Table } from '../../ui/table';
import { Select } from '../../ui/select';
import { TextInput } from '../../ui/text-input';
import { canBeObservedIn, formatDate, londonToday, observerLabel, useOnlineRequest } from './model';
import { usePlanId } from './plan-id';

const OBSERVERS = new Set(['observer', 'qa-lead', 'head-of-service', 'director', 'guest']);
const PER: { value: ExpectationFrequency; label: string }[] = [
  { value: 'month', label: 'A month' },
  { value: 'quarter', label: 'A quarter' },
  { value: 'year', label: 'A year' },
];
type Row = { scopeId: string; observerUserId: string; observedUserId?: string };
type Problem = { href: string; text: string };
type PlanForm = {
  kind?: ObservationKind;
  count: string;
  per?: ExpectationFrequency;
  year: string;
  /** The person being added, before "Add to the plan". */
  next: Row;
  rows: Row[];
  /** The id the plan was first sent under, until it is made (plan-id.ts). */
  planId?: string;
};

/**
 * A QA lead plans a recurring expectation for a financial year ("each CP chair: two peer
 * observations a year"): the due dates are shown before anything is made.
 */
export function ExpectationPage() {
  const { user, online } = useServices();
  const request = useOnlineRequest();
  const groups = user.scopes.filter((s) => s.kind === 'practice-group');
  // The plan and its people are on the tablet as they are chosen, so the idle lock loses none of
  // them; the draft goes once the server has made the assignments.
  const form = useFormDraft<PlanForm>('programme:expectation', () => ({
    count: '1',
    year: String(financialYearOf(londonToday())),
    next: { scopeId: groups[0]?.id ?? '', observerUserId: '' },
    rows: [],
  }));
  const { kind, count, per, year, next: draft, rows } = form.value;
  const planId = usePlanId(form.value.planId, (id) => form.set({ ...form.value, planId: id }));
  const change = (part: Partial<PlanForm>) => {
    planId.forget();
    form.set({ ...form.value, ...part, planId: undefined });
  };
  // The person being added is not part of the plan yet, so the plan keeps its id.
  const setDraft = (next: Row) => form.set({ ...form.value, next });
  const [people, setPeople] = useState<DirectoryPerson[]>([]);
  const [errors, setErrors] = useState<Problem[]>([]);
  const [made, setMade] = useState<number | null>(null);
  usePageTitle('Plan a recurring expectation', errors.length > 0);

  useEffect(() => {
    void request('/api/directory', { schema: directoryResponseSchema }).then((r) => {
      if (r.ok) setPeople(r.value.people);
    });
  }, []);

  const n = Number(count);
  const startYear = Number(year);
  const valid =
    kind &&
    per &&
    Number.isInteger(n) &&
    n >= 1 &&
    n <= 12 &&
    startYear >= 2015 &&
    startYear <= 2099;
  const dates = valid ? expectationDueDates({ kind, count: n, per }, startYear) : [];
  const name = (id?: string) => people.find((p) => p.id === id)?.displayName ?? '';

  const add = () => {
    const found: Problem[] = [];
    if (!draft.scopeId) found.push({ href: '#team', text: 'Select the team' });
    if (!draft.observerUserId) found.push({ href: '#observer', text: 'Select who observes' });
    setErrors(found);
    if (found.length) return;
    change({
      rows: [...rows, draft],
      next: { ...draft, observerUserId: '', observedUserId: undefined },
    });
  };

  const plan = async () => {
    const found: Problem[] = [];
    if (!kind) found.push({ href: '#kind', text: 'Select what is observed' });
    if (!Number.isInteger(n) || n < 1 || n > 12)
      found.push({ href: '#count', text: 'Enter how many, from 1 to 12' });
    if (!per) found.push({ href: '#per', text: 'Select how often' });
    if (!(startYear >= 2015 && startYear <= 2099))
      found.push({ href: '#year', text: 'Enter the year the financial year starts in, like 2026' });
    if (rows.length === 0)
      found.push({ href: '#observer', text: 'Add at least one person to the plan' });
    if (dates.length * rows.length > MAX_PLANNED)
      found.push({
        href: '#count',
        text: `That is more than ${MAX_PLANNED} assignments; plan fewer at once`,
      });
    setErrors(found);
    if (found.length || !kind || !per) return;
    const res = await request('/api/programme/expectations', {
      method: 'POST',
      schema: assignmentsResponseSchema,
      body: {
        planId: planId.take(),
        expectation: { kind, count: n, per },
        financialYear: startYear,
        people: rows.map((r) => ({
          scopeId: r.scopeId,
          observerUserId: r.observerUserId,
          ...(r.observedUserId
            ? { observedUserId: r.observedUserId, observedName: name(r.observedUserId) }
            : {}),
        })),
      },
    });
    if (res.ok) {
      setMade(res.value.assignments.length);
      planId.forget();
      await form.reset({ ...form.value, rows: [], planId: undefined });
    } else setErrors([{ href: '#kind', text: describeFailure(res.failure) }]);
  };

  return (
    <>
      <ErrorSummary errors={errors} focusKey={errors} />
      <h1 class="govuk-heading-l">Plan a recurring expectation</h1>
      {made !== null ? (
        <NotificationBanner success title="Planned">
          <p class="govuk-notification-banner__heading">
            {made === 1 ? '1 assignment planned.' : `${made} assignments planned.`}
          </p>
        </NotificationBanner>
      ) : null}
      {!online ? <p class="govuk-body">Planning needs a connection to the server.</p> : null}
      <Radios
        id="kind"
        name="kind"
        legend="What is observed"
        legendSize="m"
        options={OBSERVATION_KINDS.map((k) => ({ value: k, label: observationKindLabels[k] }))}
        value={kind}
        onChange={(v) => change({ kind: v as ObservationKind })}
        error={errors.find((e) => e.href === '#kind')?.text}
      />
      <TextInput
        id="count"
        label="How many"
        value={count}
        onInput={(v) => change({ count: v })}
        width="2"
        inputMode="numeric"
        error={errors.find((e) => e.href === '#count')?.text}
      />
      <Radios
        id="per"
        name="per"
        legend="In each"
        options={PER}
        value={per}
        onChange={(v) => change({ per: v as ExpectationFrequency })}
        inline
        error={errors.find((e) => e.href === '#per')?.text}
      />
      <TextInput
        id="year"
        label="Financial year starting in April of"
        hint="For example, 2026 for April 2026 to March 2027"
        value={year}
        onInput={(v) => change({ year: v })}
        width="4"
        inputMode="numeric"
        error={errors.find((e) => e.href === '#year')?.text}
      />
      {dates.length ? (
        <>
          <h2 class="govuk-heading-s">Due dates for each person</h2>
          <ul class="govuk-list govuk-list--bullet" data-testid="due-dates">
            {dates.map((d, i) => (
              <li key={`${d}-${i}`}>{formatDate(d)}</li>
            ))}
          </ul>
        </>
      ) : null}
      <h2 class="govuk-heading-m">People</h2>
      {rows.length ? (
        <Table
          caption="In this plan"
          captionSize="s"
          rows={rows}
          rowKey={(r) => `${r.scopeId}-${r.observerUserId}-${r.observedUserId ?? ''}`}
          columns={[
            { header: 'Observer', cell: (r) => name(r.observerUserId) },
            { header: 'Observing', cell: (r) => name(r.observedUserId) },
            { header: 'Team', cell: (r) => groups.find((g) => g.id === r.scopeId)?.name ?? '' },
          ]}
        />
      ) : null}
      <Select
        id="team"
        label="Team"
        value={draft.scopeId}
        onChange={(v) =>
          setDraft({
            ...draft,
            scopeId: v,
            // Someone of the team chosen before is no longer offered, so is no longer chosen.
            observedUserId: people.some(
              (p) => p.id === draft.observedUserId && canBeObservedIn(v)(p),
            )
              ? draft.observedUserId
              : undefined,
          })
        }
        options={groups.map((g) => ({ value: g.id, label: g.name }))}
        empty="Choose a team"
        error={errors.find((e) => e.href === '#team')?.text}
      />
      <Select
        id="observer"
        label="Who observes"
        value={draft.observerUserId}
        onChange={(v) => setDraft({ ...draft, observerUserId: v })}
        options={people
          .filter((p) => OBSERVERS.has(p.role))
          .map((p) => ({ value: p.id, label: observerLabel(p) }))}
        empty="Choose a person"
        error={errors.find((e) => e.href === '#observer')?.text}
      />
      <Select
        id="observed"
        label="Who is observed (optional)"
        value={draft.observedUserId ?? ''}
        onChange={(v) => setDraft({ ...draft, observedUserId: v || undefined })}
        options={people
          .filter(canBeObservedIn(draft.scopeId))
          .map((p) => ({ value: p.id, label: p.displayName }))}
        empty="Nobody in particular"
      />
      <Button variant="secondary" onClick={add}>
        Add to the plan
      </Button>
      <div>
        <Button onClick={() => void plan()} disabled={!online}>
          Plan the assignments
        </Button>
      </div>
    </>
  );
}
