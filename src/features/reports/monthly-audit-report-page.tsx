// The monthly service audit report (Southwark QAF 2a, 2k): a QA lead collates one service's single
// case audits of a month and reports them to the Strategy, Planning and Performance Team. Worked
// out on the tablet from the records it has pulled (schemas/reports/monthly-audit-report.ts), so
// it reads and prints with no signal; a case is named by its case ID alone.

import { useMemo, useState } from 'preact/hooks';
import { OVERSIGHT_ROLE_KEYS } from '../../../schemas/api/account';
import type { ScopeSummary } from '../../../schemas/api/account';
import { addMonths } from '../../../schemas/calendar/dates';
import type { GradeScale } from '../../../schemas/entities/grade-scale';
import { GOOD_PRACTICE_WHATS, goodPracticeLabel } from '../../../schemas/rules/good-practice';
import { teamName } from '../../../schemas/rules/team-name';
import type { GoodPracticeWhat } from '../../../schemas/rules/good-practice';
import { DISCUSSION_WORDS } from '../../../schemas/reports/monthly-audit-csv';
import { buildMonthlyAuditReport } from '../../../schemas/reports/monthly-audit-report';
import type { AuditLine, MonthlyAuditReport } from '../../../schemas/reports/monthly-audit-report';
import type { ItemRank } from '../../../schemas/reports/quarterly-report';
import type { ProgrammeFigures } from '../../../schemas/reports/programme-figures';
import { londonDateOf } from '../../../schemas/calendar/london-time';
import { formatDate, formatInstant, formatMonth } from '../../lib/observation-records';
import { reportRecords } from '../../lib/report-records';
import { useServices } from '../../lib/services';
import { useLive } from '../../lib/use-live';
import { BackLink, Tag } from '../../ui/content';
import { usePageTitle } from '../../ui/page-title';
import { Select } from '../../ui/select';
import { SummaryList } from '../../ui/summary-list';
import { Table } from '../../ui/table';
import {
  answerWord,
  gradeOrder,
  gradeWord,
  itemWord,
  outcomeWords,
  templateById,
} from './report-words';
import { MonthlyCsvDownloads } from './monthly-csv-downloads';
import { ShowAndPrint } from './show-and-print';

/** Two years of months to choose from: the audits a QA lead may still be asked about. */
const MONTHS_OFFERED = 24;

const RECORD_TYPES = ['observation', 'action', 'call-attempt', 'assignment'] as const;

/**
 * The services a person oversees, and any team of theirs whose service they do not: that one
 * named with its service, "Group A (Children and families)", as the emails name it.
 */
function serviceChoices(scopes: readonly ScopeSummary[]): { value: string; label: string }[] {
  const ids = new Set(scopes.map((s) => s.id));
  return scopes
    .filter((s) => s.kind === 'service' || s.parentId === null || !ids.has(s.parentId))
    .map((s) => ({ value: s.id, label: teamName(s) }));
}

function monthChoices(today: string): { value: string; label: string }[] {
  const first = `${today.slice(0, 7)}-01`;
  return Array.from({ length: MONTHS_OFFERED }, (_, i) => {
    const month = addMonths(first, -i).slice(0, 7);
    return { value: month, label: formatMonth(month) };
  });
}

type Selection = { scopeId: string; month: string };

export function MonthlyAuditReportPage() {
  usePageTitle('Monthly audit report');
  const { store, user, settings, templates, sync } = useServices();
  const today = londonDateOf(new Date());
  const services = serviceChoices(user.scopes);
  const months = monthChoices(today);
  const [scopeId, setScopeId] = useState(services[0]?.value ?? '');
  // The month just ended: its audits were due by its last day.
  const [month, setMonth] = useState(months[1]!.value);
  const [asked, setAsked] = useState<Selection | null>(null);
  const [attempts, setAttempts] = useState(0);
  const live = useLive(() => reportRecords(store, RECORD_TYPES), [store]);

  const report = useMemo(() => {
    if (asked === null || live.value === undefined) return null;
    return buildMonthlyAuditReport(live.value, {
      query: { ...asked, asOf: today },
      scopes: user.scopes,
      viewerScopeIds: user.scopes.map((s) => s.id),
      gradeScale: settings.gradeScale,
      timescales: settings.timescales,
      templates,
    });
  }, [asked, live.value, user.scopes, settings, templates, today]);

  const show = (event: Event) => {
    event.preventDefault();
    setAttempts((n) => n + 1);
    setAsked({ scopeId, month });
  };
  const serviceName = (id: string) => services.find((s) => s.value === id)?.label ?? 'Unknown';

  return (
    <>
      <BackLink href="/reports">Quarterly report</BackLink>
      <h1 class="govuk-heading-l">Monthly audit report</h1>
      <p class="govuk-body app-no-print">
        One service’s single case audits of a month, for the Strategy, Planning and Performance
        Team. It is worked out on this tablet from what it has received, so it works with no signal.
      </p>
      {!OVERSIGHT_ROLE_KEYS.includes(user.role) ? (
        // Their tablet holds only their own work and what is shared with them: a partial count.
        <p class="govuk-body">
          The monthly audit report is for QA leads, heads of service and the director.
        </p>
      ) : services.length === 0 ? (
        <p class="govuk-body">You do not oversee a service or team.</p>
      ) : (
        // Named by its heading, as the quarterly report's: a form with a name is a landmark.
        <form
          class="app-no-print"
          onSubmit={show}
          noValidate
          aria-labelledby="monthly-report-choices"
        >
          <h2 class="govuk-heading-m" id="monthly-report-choices">
            Choose what the report covers
          </h2>
          <Select
            id="monthly-service"
            label="Service"
            value={scopeId}
            onChange={setScopeId}
            options={services}
          />
          <Select
            id="monthly-month"
            label="Month"
            value={month}
            onChange={setMonth}
            options={months}
          />
          <ShowAndPrint />
        </form>
      )}
      {asked !== null && live.loading && !live.value ? (
        <p class="govuk-body" role="status">
          Loading…
        </p>
      ) : null}
      {/* Focus stays on Show report: a screen reader hears the report below change from this. */}
      <p class="govuk-visually-hidden" role="status" data-testid="report-shown">
        {attempts > 0 && report
          ? `Showing the report for ${serviceName(report.query.scopeId)}, ${formatMonth(report.query.month)}.`
          : ''}
      </p>
      {report ? (
        <>
          <Report
            report={report}
            service={serviceName(report.query.scopeId)}
            receivedAt={sync.state?.lastReceivedAt ?? null}
          />
          <MonthlyCsvDownloads report={report} service={serviceName(report.query.scopeId)} />
        </>
      ) : null}
    </>
  );
}

function Report({
  report,
  service,
  receivedAt,
}: {
  report: MonthlyAuditReport;
  service: string;
  receivedAt: string | null;
}) {
  const { settings, user, templates } = useServices();
  const monthName = formatMonth(report.query.month);
  const scale = report.gradeScale;
  const teamName = (id: string) => report.scopes.find((s) => s.id === id)?.name ?? 'Unknown team';
  const p = report.programme.total;
  const a = report.actions;
  return (
    <div class="app-report" data-testid="monthly-audit-report">
      <p class="govuk-body-s app-print-only">
        {settings.authorityName ? `${settings.authorityName} · ` : ''}Monthly service audit report
        for the Strategy, Planning and Performance Team · printed by {user.displayName} on{' '}
        {formatInstant(new Date().toISOString())}
      </p>
      <h2 class="govuk-heading-l">
        {service}: {monthName}
      </h2>
      <p class="govuk-body">
        Teams: {report.scopes.map((s) => s.name).join(', ')}. Audits of {monthName} by the date of
        the audit; overdue judged on {formatDate(report.query.asOf)}.{' '}
        {receivedAt
          ? `From what this tablet last received on ${formatInstant(receivedAt)}.`
          : 'From what this tablet holds.'}
      </p>

      <h2 class="govuk-heading-m">Summary</h2>
      <SummaryList
        rows={[
          {
            key: 'Audits planned',
            value: `${p.due} due in ${monthName}: ${p.done} completed (${p.doneLate} late), ${p.overdue} overdue, ${p.exempted} exempted`,
          },
          { key: 'Audits submitted', value: String(report.submitted) },
          {
            key: 'Improvement actions',
            value: `${a.raised} raised: ${a.open} open (${a.overdue} overdue), ${a.done} done`,
          },
          {
            key: 'Good practice acknowledged',
            value: `${report.goodPractice.acknowledged} of ${report.submitted} audits`,
          },
          { key: 'Audits discussed by the head of service', value: <Discussion report={report} /> },
        ]}
      />

      {report.programme.rows.length === 0 ? (
        <p class="govuk-body">No single case audits of the programme were due in {monthName}.</p>
      ) : (
        <Table
          caption="Audits planned, by team"
          columns={programmeColumns<{ scopeId: string | null; figures: ProgrammeFigures }>((r) =>
            r.scopeId === null ? 'Total' : teamName(r.scopeId),
          )}
          rows={[...report.programme.rows, { scopeId: null, figures: p }]}
          rowKey={(r) => r.scopeId ?? 'total'}
        />
      )}

      <h2 class="govuk-heading-m">Audits of {monthName}</h2>
      {report.audits.length === 0 ? (
        <p class="govuk-body">No single case audits of {monthName} have been submitted.</p>
      ) : (
        <Table
          caption={`Audits of ${monthName}`}
          captionSize="hidden"
          columns={auditColumns(scale, teamName)}
          rows={report.audits}
          rowKey={(l) => l.observationId}
        />
      )}

      <Table
        caption="Overall judgements"
        columns={[
          { header: 'Judgement', cell: (k: string) => gradeWord(scale, k) },
          {
            header: 'Audits',
            cell: (k: string) => String(report.overallGrades[k] ?? 0),
            numeric: true,
          },
        ]}
        rows={gradeOrder(scale, report.overallGrades).filter(
          (k) => k !== scale.notObserved.key || (report.overallGrades[k] ?? 0) > 0,
        )}
        rowKey={(k) => k}
      />

      <Ranked
        caption="Strengths"
        description="Judged outstanding or good most often."
        rows={report.strengths}
        templates={templates}
      />
      <Ranked
        caption="Areas for development"
        description="Judged requires improvement or inadequate most often."
        rows={report.areasForDevelopment}
        templates={templates}
      />

      <Table
        caption="Improvement actions"
        columns={[
          { header: 'Raised', cell: () => String(a.raised), numeric: true },
          { header: 'Open', cell: () => String(a.open), numeric: true },
          { header: 'Of which overdue', cell: () => String(a.overdue), numeric: true },
          { header: 'Done', cell: () => String(a.done), numeric: true },
          { header: 'Cancelled', cell: () => String(a.cancelled), numeric: true },
        ]}
        rows={[a]}
        rowKey={() => 'actions'}
        rowHeaders={false}
      />

      <FamilyFeedback report={report} monthName={monthName} />

      <Table
        caption="Good practice acknowledged"
        columns={[
          {
            header: 'What was acknowledged',
            cell: (w: GoodPracticeWhat) => goodPracticeLabel(w, 'audit'),
          },
          {
            header: 'Audits',
            cell: (w: GoodPracticeWhat) => String(report.goodPractice[w]),
            numeric: true,
          },
        ]}
        rows={GOOD_PRACTICE_WHATS}
        rowKey={(w) => w}
      />
    </div>
  );
}

function programmeColumns<T extends { figures: ProgrammeFigures }>(name: (row: T) => string) {
  const n = (pick: (f: ProgrammeFigures) => number) => (row: T) => String(pick(row.figures));
  return [
    { header: 'Team', cell: name },
    { header: 'Due', cell: n((f) => f.due), numeric: true },
    { header: 'Completed', cell: n((f) => f.done), numeric: true },
    { header: 'Of which late', cell: n((f) => f.doneLate), numeric: true },
    { header: 'Overdue', cell: n((f) => f.overdue), numeric: true },
    { header: 'Exempted', cell: n((f) => f.exempted), numeric: true },
  ];
}

function auditColumns(scale: GradeScale, teamName: (id: string) => string) {
  return [
    { header: 'Case ID', cell: (l: AuditLine) => l.caseId ?? 'Not recorded' },
    { header: 'Team', cell: (l: AuditLine) => teamName(l.scopeId) },
    { header: 'Date of audit', cell: (l: AuditLine) => formatDate(l.date) },
    {
      header: 'Overall judgement',
      cell: (l: AuditLine) => (l.overallGrade ? gradeWord(scale, l.overallGrade) : 'None'),
    },
    {
      header: 'Actions open of raised',
      cell: (l: AuditLine) =>
        `${l.actions.open} of ${l.actions.raised}${l.actions.overdue > 0 ? ` (${l.actions.overdue} overdue)` : ''}`,
    },
    {
      header: 'Discussed',
      cell: (l: AuditLine) => (l.discussedOn ? formatDate(l.discussedOn) : 'Not yet'),
    },
    {
      header: 'Good practice',
      cell: (l: AuditLine) =>
        l.goodPractice ? goodPracticeLabel(l.goodPractice.what, 'audit') : 'None acknowledged',
    },
  ];
}

const DISCUSSION_TAGS = {
  met: { colour: 'green', text: DISCUSSION_WORDS.met },
  due: { colour: 'blue', text: DISCUSSION_WORDS.due },
  missed: { colour: 'red', text: DISCUSSION_WORDS.missed },
} as const;

function Discussion({ report }: { report: MonthlyAuditReport }) {
  const d = report.discussion;
  if (d === null) return <>No audits to discuss</>;
  const tag = DISCUSSION_TAGS[d.state];
  return (
    <>
      <Tag colour={tag.colour}>{tag.text}</Tag> {d.discussed} of {d.audited} discussed,{' '}
      {d.discussedInTime} by {formatDate(d.dueBy)}
    </>
  );
}

function Ranked({
  caption,
  description,
  rows,
  templates,
}: {
  caption: string;
  description: string;
  rows: ItemRank[];
  templates: ReturnType<typeof useServices>['templates'];
}) {
  if (rows.length === 0)
    return (
      <>
        <h2 class="govuk-heading-m">{caption}</h2>
        <p class="govuk-body">No judgement was graded this way.</p>
      </>
    );
  return (
    <>
      <h2 class="govuk-heading-m">{caption}</h2>
      <p class="govuk-body">{description}</p>
      <Table
        caption={caption}
        captionSize="hidden"
        columns={[
          {
            header: 'Judgement',
            cell: (r: ItemRank) => itemWord(templates, r.templateId, r.itemId),
          },
          { header: 'Audits', cell: (r: ItemRank) => `${r.count} of ${r.graded}`, numeric: true },
        ]}
        rows={rows}
        rowKey={(r) => `${r.templateId}|${r.itemId}`}
      />
    </>
  );
}

function FamilyFeedback({ report, monthName }: { report: MonthlyAuditReport; monthName: string }) {
  const { templates } = useServices();
  const f = report.familyFeedback;
  const outcomes = Object.keys(outcomeWords) as (keyof typeof outcomeWords)[];
  return (
    <>
      <h2 class="govuk-heading-m">Family feedback</h2>
      <p class="govuk-body">
        {f.calls === 0
          ? `No family feedback call of ${monthName} has been submitted.`
          : `${f.calls} family feedback ${f.calls === 1 ? 'call' : 'calls'} of ${monthName}, the service’s calls together.`}
      </p>
      {f.calls > 0 ? (
        <>
          <Table
            caption="Attempts to call the family"
            columns={[
              { header: 'Outcome', cell: (o: (typeof outcomes)[number]) => outcomeWords[o] },
              {
                header: 'Attempts',
                cell: (o: (typeof outcomes)[number]) => String(f.callAttempts[o] ?? 0),
                numeric: true,
              },
            ]}
            rows={outcomes}
            rowKey={(o) => o}
          />
          <Table
            // A call's checklist holds the caller's own items ("You explained the purpose…")
            // beside the family's answers: both are counted here, so neither is named alone.
            caption="Answers recorded on the calls"
            columns={[
              {
                header: 'Question',
                cell: (q: (typeof f.answers)[number]) =>
                  itemWord(templates, q.templateId, q.itemId),
              },
              {
                header: 'Answers',
                cell: (q: (typeof f.answers)[number]) =>
                  Object.entries(q.answers)
                    .map(
                      ([k, n]) =>
                        `${answerWord(templateById(templates, q.templateId), q.itemId, k)}: ${n}`,
                    )
                    .join(', '),
              },
            ]}
            rows={f.answers}
            rowKey={(q) => `${q.templateId}|${q.itemId}`}
          />
        </>
      ) : null}
    </>
  );
}
