import { useEffect, useState } from 'preact/hooks';
import { coverageResponseSchema } from '../../../schemas/api/programme';
import type { AssignmentView, CoverageResponse } from '../../../schemas/api/programme';
import { observationKindLabels } from '../../../schemas/entities/observation-kind';
import { EXEMPTION_REASON_LABELS } from '../../../schemas/entities/assignment';
import { COVERAGE_STATE_LABELS } from '../../../schemas/rules/coverage';
import type { CoverageGrouping } from '../../../schemas/rules/coverage';
import { financialYearBounds, financialYearOf } from '../../../schemas/rules/expectations';
import { describeFailure } from '../../lib/api';
import { useServices } from '../../lib/services';
import { Button, Tag } from '../../ui/content';
import { DateInput } from '../../ui/date-input';
import { ErrorSummary } from '../../ui/error-summary';
import { usePageTitle } from '../../ui/page-title';
import { Radios } from '../../ui/radios';
import { Table } from '../../ui/table';
import {
  STATE_COLOURS,
  dateExample,
  formatDate,
  londonToday,
  subjectOf,
  useOnlineRequest,
} from './model';
import { londonDayWordsOf } from '../../../schemas/calendar/london-time';

const GROUPINGS: { value: CoverageGrouping; label: string }[] = [
  { value: 'practice-group', label: 'Practice group' },
  { value: 'service', label: 'Service' },
  { value: 'observer', label: 'Observer or auditor' },
  { value: 'observed', label: 'Person or meeting observed' },
];

// `field` when the problem is in that field's answer, not a refusal or a lost connection.
type Problem = { href: string; text: string; field?: boolean };

/** The programme against what happened, for QA leads, heads of service and the director. */
export function CoveragePage() {
  const { user } = useServices();
  const request = useOnlineRequest();
  const year = financialYearBounds(financialYearOf(londonToday()));
  const [by, setBy] = useState<CoverageGrouping>('practice-group');
  const [data, setData] = useState<CoverageResponse | null>(null);
  const [from, setFrom] = useState<string | null>(year.from);
  const [to, setTo] = useState<string | null>(year.to);
  const [error, setError] = useState<Problem | null>(null);
  usePageTitle('Coverage', error?.field === true);

  const load = async () => {
    if (!from)
      return setError({
        href: '#from',
        text: 'Enter the first day to count, as a real date',
        field: true,
      });
    if (!to)
      return setError({
        href: '#to',
        text: 'Enter the last day to count, as a real date',
        field: true,
      });
    if (to < from)
      return setError({
        href: '#to',
        text: 'The last day must be the same as or after the first',
        field: true,
      });
    const q = new URLSearchParams({ from, to, by });
    const res = await request(`/api/programme/coverage?${q.toString()}`, {
      schema: coverageResponseSchema,
    });
    if (res.ok) {
      setData(res.value);
      setError(null);
    } else setError({ href: '#from', text: describeFailure(res.failure) });
  };
  useEffect(() => void load(), []);

  const scopeName = (id: string) => user.scopes.find((s) => s.id === id)?.name;
  const keyName = (key: string) => {
    if (by === 'practice-group' || by === 'service') return scopeName(key) ?? key;
    if (by === 'observer')
      return data?.assignments.find((a) => a.observerUserId === key)?.observerName ?? key;
    return key || 'Not named';
  };
  const when = (a: AssignmentView) =>
    a.completedAt
      ? `Done ${londonDayWordsOf(a.completedAt)}`
      : a['exemption.reason']
        ? `${EXEMPTION_REASON_LABELS[a['exemption.reason']]}${a['exemption.grantedAt'] ? `, ${londonDayWordsOf(a['exemption.grantedAt'])}` : ''}`
        : '';

  return (
    <>
      <ErrorSummary errors={error ? [error] : []} focusKey={error} />
      <h1 class="govuk-heading-l">Coverage</h1>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-one-half">
          <DateInput
            id="from"
            legend="From"
            hint={`For example, ${dateExample(year.from)}`}
            value={from ?? undefined}
            onChange={setFrom}
            onIncomplete={() => setFrom(null)}
            checkOnBlur={false}
            error={error?.field && error.href === '#from' ? error.text : undefined}
          />
        </div>
        <div class="govuk-grid-column-one-half">
          <DateInput
            id="to"
            legend="To"
            hint={`For example, ${dateExample(year.to)}`}
            value={to ?? undefined}
            onChange={setTo}
            onIncomplete={() => setTo(null)}
            checkOnBlur={false}
            error={error?.field && error.href === '#to' ? error.text : undefined}
          />
        </div>
      </div>
      <Radios
        id="by"
        name="by"
        legend="Count by"
        options={GROUPINGS}
        value={by}
        onChange={(v) => setBy(v as CoverageGrouping)}
        small
        inline
      />
      <Button variant="secondary" onClick={() => void load()}>
        Show coverage
      </Button>
      {data ? (
        <>
          <Table
            caption={`From ${formatDate(data.from)} to ${formatDate(data.to)}`}
            rows={[...data.rows].sort((a, b) => keyName(a.key).localeCompare(keyName(b.key)))}
            rowKey={(r) => r.key}
            columns={[
              {
                header: GROUPINGS.find((g) => g.value === data.by)?.label ?? 'Group',
                cell: (r) => keyName(r.key),
              },
              { header: 'Done', cell: (r) => r.done, numeric: true },
              { header: 'Due', cell: (r) => r.due, numeric: true },
              { header: 'Overdue', cell: (r) => r.overdue, numeric: true },
              { header: 'Exempted', cell: (r) => r.exempted, numeric: true },
            ]}
          />
          {data.rows.length === 0 ? (
            <p class="govuk-body">Nothing was due in this period.</p>
          ) : null}
          {data.assignments.length ? (
            <Table
              caption="Assignments"
              rows={data.assignments}
              rowKey={(a) => a.id}
              columns={[
                { header: 'Team', cell: (a) => a.teamName ?? scopeName(a.scopeId) ?? '' },
                {
                  header: 'Assignment',
                  cell: (a) =>
                    `${observationKindLabels[a.kind]}${subjectOf(a) ? `: ${subjectOf(a)}` : ''}`,
                },
                { header: 'Observer', cell: (a) => a.observerName ?? '' },
                { header: 'Due', cell: (a) => formatDate(a.dueDate) },
                {
                  header: 'Status',
                  cell: (a) => (
                    <Tag colour={STATE_COLOURS[a.state]}>{COVERAGE_STATE_LABELS[a.state]}</Tag>
                  ),
                },
                {
                  header: 'Outcome or action',
                  cell: (a) => {
                    const open = a.state !== 'done' && a.state !== 'exempted';
                    const link = (what: 'exempt' | 'change' | 'withdraw', text: string) => (
                      <a class="govuk-link" href={`/programme/assignments/${a.id}/${what}`}>
                        {text}
                        {/* Told apart from the links of the other assignments of the same
                            person or case by what it is and when it is due. */}
                        <span class="govuk-visually-hidden">
                          {' '}
                          {subjectOf(a)
                            ? `${subjectOf(a)}: ${observationKindLabels[a.kind].toLowerCase()}`
                            : observationKindLabels[a.kind]}
                          , due {formatDate(a.dueDate)}
                        </span>
                      </a>
                    );
                    if (open && user.role === 'head-of-service') return link('exempt', 'Exempt');
                    if (open && user.role === 'qa-lead')
                      return (
                        <ul class="govuk-summary-list__actions-list">
                          <li class="govuk-summary-list__actions-list-item">
                            {link('change', 'Change')}
                          </li>
                          <li class="govuk-summary-list__actions-list-item">
                            {link('withdraw', 'Withdraw')}
                          </li>
                        </ul>
                      );
                    return when(a);
                  },
                },
              ]}
            />
          ) : null}
          <h2 class="govuk-heading-m">Not observed this year</h2>
          {data.notObservedThisYear.length ? (
            <ul class="govuk-list govuk-list--bullet">
              {data.notObservedThisYear.map((p) => (
                <li key={p.id}>{p.displayName}</li>
              ))}
            </ul>
          ) : (
            <p class="govuk-body">Everyone in your teams has been observed this financial year.</p>
          )}
        </>
      ) : null}
    </>
  );
}
