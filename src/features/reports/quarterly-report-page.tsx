import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { OBSERVATION_KINDS } from '../../../schemas/entities/observation-kind';
import { quarterlyReportSchema } from '../../../schemas/reports/quarterly-report';
import { reportScopeName } from '../../../schemas/reports/quarterly-report';
import { overallGradeColumns, scopeTableLines } from '../../../schemas/reports/scope-table';
import type { ScopeTableLine } from '../../../schemas/reports/scope-table';
import type {
  DetailedFigures,
  Figures,
  QuarterlyReport,
} from '../../../schemas/reports/quarterly-report';
import { formatDate, formatInstant, kindLabels } from '../../lib/observation-records';
import { londonDateOf } from '../../../schemas/calendar/london-time';
import { useServices } from '../../lib/services';
import { useOnlineReport } from '../../lib/use-online-report';
import { BarChart } from '../../ui/bar-chart';
import { WarningText } from '../../ui/content';
import { ErrorSummary } from '../../ui/error-summary';
import { usePageTitle } from '../../ui/page-title';
import { Select } from '../../ui/select';
import { SummaryList } from '../../ui/summary-list';
import { ScrollRegion } from '../../ui/scroll-region';
import { CsvDownloads } from './csv-downloads';
import { ProgrammeSection } from './programme-section';
import { ShowAndPrint } from './show-and-print';
import { TrackedActions } from './tracked-actions';
import {
  answerWord,
  defaultRange,
  gradeOrder,
  gradeWord,
  itemWord,
  outcomeWords,
  percent,
  quarterChoices,
  quartersInMonths,
  sectionWord,
  templateById,
} from './report-words';

type Selection = { from: string; to: string; scopeId: string; kind: string };

/** The report's query string; the CSV exports take the same filters. */
function selectionQuery(s: Selection): string {
  const q = new URLSearchParams({ from: s.from, to: s.to });
  if (s.scopeId) q.set('scopeId', s.scopeId);
  if (s.kind) q.set('kind', s.kind);
  return q.toString();
}

/**
 * The quarterly report for the Performance and Quality meeting, from the server (computed in the
 * database within the viewer's scopes). The last report fetched stays readable offline.
 */
export function QuarterlyReportPage() {
  const today = londonDateOf(new Date());
  const choices = quarterChoices(today);
  const initial = defaultRange(today);
  const [from, setFrom] = useState(initial.from);
  const [to, setTo] = useState(initial.to);
  const [scopeId, setScopeId] = useState('');
  const [kind, setKind] = useState('');
  const [asked, setAsked] = useState<Selection>({ ...initial, scopeId: '', kind: '' });
  const [error, setError] = useState<string | null>(null);
  // Each press of Show report: the error summary takes focus again on a second failed one.
  const [attempts, setAttempts] = useState(0);
  usePageTitle('Quarterly report', error !== null);
  const { user } = useServices();
  const path = `/api/reports/quarterly?${selectionQuery(asked)}`;
  const report = useOnlineReport('quarterly', path, quarterlyReportSchema, {
    afterOwnChangesSent: true,
  });
  const shown = report.value;
  // Said once the report asked for has arrived (its query is the one asked; not the last report
  // still on screen while the new one loads): focus stays on Show report, so without it a screen
  // reader heard nothing of the report below changing.
  const arrived =
    attempts > 0 &&
    error === null &&
    !report.loading &&
    shown !== undefined &&
    shown.query.from === asked.from &&
    shown.query.to === asked.to &&
    (shown.query.scopeId ?? '') === asked.scopeId &&
    (shown.query.kind ?? '') === asked.kind;

  const show = (event: Event) => {
    event.preventDefault();
    setAttempts((n) => n + 1);
    if (to < from) {
      setError('The last quarter must not be before the first');
      return;
    }
    setError(null);
    setAsked({ from, to, scopeId, kind });
    // Asked again even for the quarters already shown: the figures may have changed since.
    report.reload();
  };

  return (
    <>
      <ErrorSummary
        errors={error ? [{ href: '#report-to', text: error }] : []}
        focusKey={attempts}
      />
      <h1 class="govuk-heading-l">Quarterly report</h1>
      <p class="govuk-body app-no-print">
        For one service’s single case audits of a month, see the{' '}
        <a class="govuk-link" href="/reports/monthly-audit">
          Monthly audit report
        </a>
        .
      </p>
      {/* Named by its heading: a form with a name is a landmark, found among the page's others. */}
      <form class="app-no-print" onSubmit={show} noValidate aria-labelledby="report-choices">
        <h2 class="govuk-heading-m" id="report-choices">
          Choose what the report covers
        </h2>
        <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
          <fieldset class="govuk-fieldset" aria-describedby={error ? 'range-error' : undefined}>
            <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">
              Which financial quarters?
            </legend>
            {error ? (
              <p id="range-error" class="govuk-error-message">
                <span class="govuk-visually-hidden">Error:</span> {error}
              </p>
            ) : null}
            <Select
              id="report-from"
              label="From"
              value={from}
              onChange={setFrom}
              options={choices}
            />
            <Select id="report-to" label="To" value={to} onChange={setTo} options={choices} />
          </fieldset>
        </div>
        <Select
          id="report-scope"
          label="Team"
          value={scopeId}
          onChange={setScopeId}
          empty="Every team you oversee"
          options={user.scopes.map((s) => ({ value: s.id, label: s.name }))}
        />
        <Select
          id="report-kind"
          label="Kind of observation"
          value={kind}
          onChange={setKind}
          empty="Every kind"
          options={OBSERVATION_KINDS.map((k) => ({ value: k, label: kindLabels[k] }))}
        />
        <ShowAndPrint />
      </form>
      {report.fromCache && report.fetchedAt ? (
        <p class="govuk-inset-text" data-testid="report-cached">
          No connection to the server: this is the report as it was on{' '}
          {formatInstant(report.fetchedAt)}.
        </p>
      ) : null}
      {report.problem && !report.value ? <WarningText>{report.problem}</WarningText> : null}
      {report.loading && !report.value ? (
        <p class="govuk-body" role="status">
          Loading…
        </p>
      ) : null}
      <p class="govuk-visually-hidden" role="status" data-testid="report-shown">
        {arrived && shown ? `Showing the report for ${rangeOf(shown)}.` : ''}
      </p>
      {report.value ? <Report report={report.value} fetchedAt={report.fetchedAt} /> : null}
      <CsvDownloads
        query={selectionQuery(asked)}
        name={`${asked.from}-to-${asked.to}`}
        months={quartersInMonths(asked.from, asked.to)}
      />
    </>
  );
}

/** The quarters a report covers, in words: "2026-27 Q1 to 2026-27 Q3". */
function rangeOf(report: QuarterlyReport): string {
  return report.quarters.length === 1
    ? report.quarters[0]!.label
    : `${report.quarters[0]?.label ?? ''} to ${report.quarters[report.quarters.length - 1]?.label ?? ''}`;
}

function Report({ report, fetchedAt }: { report: QuarterlyReport; fetchedAt: string | null }) {
  const { templates, settings, user } = useServices();
  const scale = report.gradeScale;
  const t = report.total;
  const labelOf = (key: string) => report.quarters.find((q) => q.key === key)?.label ?? key;
  const range = rangeOf(report);
  const scopeName = (id: string) => reportScopeName(report.scopes, id) ?? 'Unknown team';
  const overallKeys = gradeOrder(scale, t.overallJudgements);
  const itemKeys = gradeOrder(scale, t.itemGrades);

  return (
    <div class="app-report" data-testid="quarterly-report">
      <p class="govuk-body-s app-print-only">
        {settings.authorityName ? `${settings.authorityName} · ` : ''}Quarterly report for the
        Performance and Quality meeting · printed by {user.displayName} on{' '}
        {formatInstant(new Date().toISOString())}
      </p>
      <h2 class="govuk-heading-l">{range}</h2>
      {fetchedAt ? (
        <p class="govuk-body" data-testid="report-as-at">
          Figures as at {formatInstant(fetchedAt)}.
        </p>
      ) : null}
      <p class="govuk-body">
        Teams: {report.scopes.map((s) => s.name).join(', ') || 'none'}. Improvement actions judged
        overdue on {formatDate(report.query.asOf)}.
      </p>

      <h2 class="govuk-heading-m">Summary</h2>
      <SummaryList
        rows={[
          { key: 'Observations', value: String(t.observations) },
          { key: 'Of which family feedback calls', value: String(t.familyCalls) },
          {
            key: 'Moderation agreement',
            value:
              t.moderation.agreementRate === null
                ? 'Nothing moderated'
                : `${percent(t.moderation.agreed, t.moderation.moderated)} (${t.moderation.agreed} of ${t.moderation.moderated} moderated judgements)`,
          },
          {
            key: 'Meetings held in time',
            value: `${t.timeliness.inTime} in time, ${t.timeliness.late} late, ${t.timeliness.notRecorded} not recorded`,
          },
          {
            key: 'Improvement actions',
            value: `${t.actions.opened} opened, ${t.actions.completed} completed, ${t.actions.overdue} overdue`,
          },
          {
            key: 'Good practice acknowledged',
            value: `${t.goodPractice} of ${t.observations} observations`,
          },
        ]}
      />

      <h2 class="govuk-heading-m">Trend across the quarters</h2>
      <BarChart
        id="chart-trend"
        caption="Observations by quarter"
        unit="observations"
        bars={report.trend.map((q) => ({
          label: labelOf(q.quarter),
          value: q.figures.observations,
        }))}
        table={<TrendTable report={report} labelOf={labelOf} />}
      />

      <h2 class="govuk-heading-m">Grades</h2>
      <BarChart
        id="chart-overall"
        caption="Overall judgements by grade"
        unit="observations"
        bars={overallKeys
          .filter((k) => k !== scale.notObserved.key || (t.overallJudgements[k] ?? 0) > 0)
          .map((k) => ({ label: gradeWord(scale, k), value: t.overallJudgements[k] ?? 0 }))}
      />
      <BarChart
        id="chart-items"
        caption="Graded checklist items by grade"
        unit="answers"
        bars={itemKeys.map((k) => ({ label: gradeWord(scale, k), value: t.itemGrades[k] ?? 0 }))}
      />
      <SectionGrades
        figures={t}
        keys={itemKeys}
        scaleWord={(k) => gradeWord(scale, k)}
        templates={templates}
      />

      <h2 class="govuk-heading-m">By service and practice group</h2>
      <ScopeTable report={report} scopeName={scopeName} labelOf={labelOf} range={range} />

      <h2 class="govuk-heading-m">Timeliness of the meetings observed</h2>
      <BarChart
        id="chart-timeliness"
        caption="Meetings observed by timeliness"
        unit="meetings"
        bars={[
          { label: 'In time', value: t.timeliness.inTime },
          { label: 'Late', value: t.timeliness.late },
          { label: 'Not recorded', value: t.timeliness.notRecorded },
        ]}
      />

      <h2 class="govuk-heading-m">Strengths and areas for development</h2>
      <RankTable
        caption="Items most often graded good or better (strengths)"
        ranks={t.strengths}
        templates={templates}
      />
      <RankTable
        caption="Items most often graded below good (areas for development)"
        ranks={t.areasForDevelopment}
        templates={templates}
      />

      <h2 class="govuk-heading-m">Improvement actions</h2>
      <BarChart
        id="chart-actions"
        caption="Improvement actions by state"
        unit="actions"
        bars={[
          { label: 'Opened', value: t.actions.opened },
          { label: 'Completed', value: t.actions.completed },
          { label: 'Cancelled', value: t.actions.cancelled },
          { label: 'Overdue', value: t.actions.overdue },
        ]}
      />
      <TrackedActions report={report} scopeName={scopeName} />

      <ProgrammeSection report={report} labelOf={labelOf} scopeName={scopeName} />

      <h2 class="govuk-heading-m">Family feedback</h2>
      <BarChart
        id="chart-calls"
        caption="Family call attempts by outcome"
        unit="attempts"
        bars={Object.entries(outcomeWords).map(([k, label]) => ({
          label,
          value: t.callAttempts[k as keyof typeof outcomeWords] ?? 0,
        }))}
      />
      {t.familyFeedback.length === 0 ? (
        <p class="govuk-body">No family feedback answers in these quarters.</p>
      ) : (
        t.familyFeedback.map((q) => {
          const template = templateById(templates, q.templateId);
          const total = Object.values(q.answers).reduce((a, b) => a + b, 0);
          return (
            <table class="govuk-table" key={`${q.templateId}-${q.itemId}`}>
              <caption class="govuk-table__caption govuk-table__caption--s">
                {itemWord(templates, q.templateId, q.itemId)}
              </caption>
              <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                  <th scope="col" class="govuk-table__header">
                    Answer
                  </th>
                  <th scope="col" class="govuk-table__header govuk-table__header--numeric">
                    Number
                  </th>
                  <th scope="col" class="govuk-table__header govuk-table__header--numeric">
                    Share
                  </th>
                </tr>
              </thead>
              <tbody class="govuk-table__body">
                {Object.entries(q.answers).map(([answer, n]) => (
                  <tr class="govuk-table__row" key={answer}>
                    <th scope="row" class="govuk-table__header">
                      {answerWord(template, q.itemId, answer)}
                    </th>
                    <td class="govuk-table__cell govuk-table__cell--numeric">{n}</td>
                    <td class="govuk-table__cell govuk-table__cell--numeric">
                      {percent(n, total)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          );
        })
      )}
      <p class="govuk-body-s app-secondary-text">
        What counts: an observation once submitted, in the quarter of its observation date.
        Moderation agreement is the share of moderated judgements where the moderator agreed with
        the observer: gave the same grade or, giving none, said they agree.
      </p>
    </div>
  );
}

/**
 * The chart's figures by quarter. Whole beside its chart on a tablet held upright (810 pixels):
 * a column more (good practice acknowledged, which the table by team and the summary carry) and
 * it was cut off (tests/browser/reflow.test.ts).
 */
function TrendTable({
  report,
  labelOf,
}: {
  report: QuarterlyReport;
  labelOf: (key: string) => string;
}) {
  const heads = [
    'Quarter',
    'Observations',
    'Family calls',
    'Moderation agreement',
    'In time',
    'Late',
    'Actions overdue',
  ];
  return (
    <ScrollRegion label="Figures by quarter">
      <table class="govuk-table">
        <caption class="govuk-table__caption govuk-visually-hidden">Figures by quarter</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            {heads.map((h, i) => (
              <th
                scope="col"
                key={h}
                class={`govuk-table__header${i > 0 ? ' govuk-table__header--numeric' : ''}`}
              >
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {report.trend.map((q) => {
            const f = q.figures;
            return (
              <tr class="govuk-table__row" key={q.quarter}>
                <th scope="row" class="govuk-table__header">
                  {labelOf(q.quarter)}
                </th>
                <Numeric>{f.observations}</Numeric>
                <Numeric>{f.familyCalls}</Numeric>
                <OutcomeCells f={f} />
              </tr>
            );
          })}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

function SectionGrades({
  figures,
  keys,
  scaleWord,
  templates,
}: {
  figures: DetailedFigures;
  keys: string[];
  scaleWord: (k: string) => string;
  templates: Parameters<typeof sectionWord>[0];
}) {
  if (figures.sections.length === 0) return null;
  return (
    <ScrollRegion label="Grades by section">
      <table class="govuk-table">
        <caption class="govuk-table__caption govuk-table__caption--s">Grades by section</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">
              Section
            </th>
            {keys.map((k) => (
              <th scope="col" key={k} class="govuk-table__header govuk-table__header--numeric">
                {scaleWord(k)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {figures.sections.map((s) => (
            <tr class="govuk-table__row" key={`${s.templateId}-${s.sectionId}`}>
              <th scope="row" class="govuk-table__header">
                {sectionWord(templates, s.templateId, s.sectionId)}
              </th>
              {keys.map((k) => (
                <td key={k} class="govuk-table__cell govuk-table__cell--numeric">
                  {s.grades[k] ?? 0}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

/** A table cell that, stacked on a narrow screen, shows its column's name beside its value. */
function StackCell({
  head,
  numeric = true,
  first = false,
  children,
}: {
  head: string;
  numeric?: boolean;
  /** Begins a line of its own when stacked: the grades, then the outcomes. */
  first?: boolean;
  children: ComponentChildren;
}) {
  const classes = `govuk-table__cell${numeric ? ' govuk-table__cell--numeric' : ''}${first ? ' app-stack-table__first' : ''}`;
  return (
    <td role="cell" class={classes}>
      {/* Shown only when the rows are stacked, where the column headers are out of sight; screen
          readers hear the column header instead. */}
      <span class="app-stack-table__label" aria-hidden="true">
        {head}
      </span>
      <span class="app-stack-table__value">{children}</span>
    </td>
  );
}

const OUTCOME_HEADS = [
  'Moderation agreement',
  'In time',
  'Late',
  'Actions overdue',
  'Good practice acknowledged',
] as const;

/**
 * Every practice group's figures by quarter and kind with the overall judgements by grade, each
 * service's subtotal after its groups and the grand total last (schemas/reports/scope-table.ts,
 * as the CSV export writes them). Its 13 columns are too wide to read as a table on a tablet (or
 * in the page's column on any screen), so there each row stands as a block of its own, as GOV.UK
 * content guidance prefers a tall table to a wide one and as the NHS and ONS design systems'
 * responsive tables do: nothing scrolls sideways.
 */
function ScopeTable({
  report,
  scopeName,
  labelOf,
  range,
}: {
  report: QuarterlyReport;
  scopeName: (id: string) => string;
  labelOf: (key: string) => string;
  range: string;
}) {
  if (report.rows.length === 0) return <p class="govuk-body">No observations in these quarters.</p>;
  const scale = report.gradeScale;
  const lines = scopeTableLines(report);
  const grades = overallGradeColumns(scale, lines);
  const everyKind = report.query.kind ? kindLabels[report.query.kind] : 'Every kind';
  const caption =
    'Overall judgements and outcomes by service, practice group, quarter and kind, with each service’s total';
  const heads = [
    'Team',
    'Quarter',
    'Kind',
    'Observations',
    ...grades.map((k) => gradeWord(scale, k)),
    ...OUTCOME_HEADS,
  ];
  const team = (l: ScopeTableLine): string => {
    const service = l.serviceId === null ? '' : scopeName(l.serviceId);
    switch (l.type) {
      case 'practice-group':
        return `${service}: ${scopeName(l.scopeId!)}`;
      case 'service':
        return `${service}: not in a practice group`;
      case 'service-total':
        return `${service}: total`;
      case 'total':
        return 'Total, every team';
    }
  };
  return (
    <>
      <p class="govuk-body">
        The grade columns count each observation’s overall judgement. Family feedback calls, and
        observations with no overall judgement, count in Observations only. Good practice
        acknowledged counts each observation or audit on which a QA lead or head of service
        acknowledged good practice, of the practice, of the quality of the record or both, once. A
        service’s total adds up its practice groups and any observations recorded against the
        service itself.
      </p>
      <div class="app-stack-table" data-testid="scope-table">
        <table class="govuk-table" role="table">
          <caption class="govuk-table__caption govuk-table__caption--s">{caption}</caption>
          <thead class="govuk-table__head" role="rowgroup">
            <tr class="govuk-table__row" role="row">
              {heads.map((h, i) => (
                <th
                  scope="col"
                  role="columnheader"
                  key={h}
                  class={`govuk-table__header${i > 2 ? ' govuk-table__header--numeric' : ''}`}
                >
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody class="govuk-table__body" role="rowgroup">
            {lines.map((l) => {
              const f = l.figures;
              const total = l.type === 'service-total' || l.type === 'total';
              return (
                <tr
                  role="row"
                  class={`govuk-table__row${total ? ' app-stack-table__total' : ''}`}
                  key={`${l.type}-${l.scopeId ?? l.serviceId ?? ''}-${l.quarter ?? ''}-${l.kind ?? ''}`}
                >
                  <th scope="row" role="rowheader" class="govuk-table__header">
                    {team(l)}
                  </th>
                  <StackCell head="Quarter" numeric={false}>
                    {l.quarter === null ? range : labelOf(l.quarter)}
                  </StackCell>
                  <StackCell head="Kind" numeric={false}>
                    {l.kind === null ? everyKind : kindLabels[l.kind]}
                  </StackCell>
                  <StackCell head="Observations">{f.observations}</StackCell>
                  {grades.map((k, i) => (
                    <StackCell head={gradeWord(scale, k)} key={k} first={i === 0}>
                      {f.overallJudgements[k] ?? 0}
                    </StackCell>
                  ))}
                  <StackCell head={OUTCOME_HEADS[0]} first>
                    {percent(f.moderation.agreed, f.moderation.moderated)}
                  </StackCell>
                  <StackCell head={OUTCOME_HEADS[1]}>{f.timeliness.inTime}</StackCell>
                  <StackCell head={OUTCOME_HEADS[2]}>{f.timeliness.late}</StackCell>
                  <StackCell head={OUTCOME_HEADS[3]}>{f.actions.overdue}</StackCell>
                  <StackCell head={OUTCOME_HEADS[4]}>{f.goodPractice}</StackCell>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}

function RankTable({
  caption,
  ranks,
  templates,
}: {
  caption: string;
  ranks: DetailedFigures['strengths'];
  templates: Parameters<typeof itemWord>[0];
}) {
  if (ranks.length === 0)
    return (
      <>
        <h3 class="govuk-heading-s">{caption}</h3>
        <p class="govuk-body">None in these quarters.</p>
      </>
    );
  return (
    <ScrollRegion label={caption}>
      <table class="govuk-table">
        <caption class="govuk-table__caption govuk-table__caption--s">{caption}</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">
              Checklist item
            </th>
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">
              Times
            </th>
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">
              Of graded
            </th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {ranks.map((r) => (
            <tr class="govuk-table__row" key={`${r.templateId}-${r.itemId}`}>
              <th scope="row" class="govuk-table__header">
                {itemWord(templates, r.templateId, r.itemId)}
              </th>
              <td class="govuk-table__cell govuk-table__cell--numeric">{r.count}</td>
              <td class="govuk-table__cell govuk-table__cell--numeric">{r.graded}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

function Numeric({ children }: { children: ComponentChildren }) {
  return <td class="govuk-table__cell govuk-table__cell--numeric">{children}</td>;
}

/** The figures the trend's rows end with. */
function OutcomeCells({ f }: { f: Figures }) {
  return (
    <>
      <Numeric>{percent(f.moderation.agreed, f.moderation.moderated)}</Numeric>
      <Numeric>{f.timeliness.inTime}</Numeric>
      <Numeric>{f.timeliness.late}</Numeric>
      <Numeric>{f.actions.overdue}</Numeric>
    </>
  );
}
