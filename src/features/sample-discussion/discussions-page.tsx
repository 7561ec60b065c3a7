// Heads of service "will make arrangements to discuss a sample of the cases audited with the
// social workers and managers in the month following the audit" (Southwark QAF 2i). This lists
// the submitted single case audits of the person's teams by the month of the audit, with how
// each month stands against that expectation (schemas/rules/sample-discussion.ts), for each
// service apart when they cover more than one: each head of service discusses their own service's
// audits. A head of service records each discussion from here; a QA lead, who collates the
// audits, reads it.
import type { AuditFacts, DiscussionMonth } from '../../../schemas/rules/sample-discussion';
import {
  auditFactsOf,
  auditMonthOf,
  discussionMonths,
} from '../../../schemas/rules/sample-discussion';
import { listSummaries } from '../../db';
import type { RecordSummary } from '../../db';
import type { ScopeSummary } from '../../../schemas/api/account';
import { londonDateOf } from '../../../schemas/calendar/london-time';
import { formatDate, formatMonth } from '../../lib/observation-records';
import { useServices } from '../../lib/services';
import { useLive } from '../../lib/use-live';
import { Tag } from '../../ui/content';
import { usePageTitle } from '../../ui/page-title';
import { Table } from '../../ui/table';

/** The months shown: a year of audits is what a head of service looks back on. */
const MONTHS_SHOWN = 12;

type Audit = { row: RecordSummary; facts: AuditFacts };

export function DiscussionsPage() {
  const { store, user } = useServices();
  usePageTitle('Discussing audited cases');
  const live = useLive(async () => {
    const rows = await listSummaries(store.db, store.cipher, 'observation');
    return rows
      .filter((r) => r.fields['kind'] === 'single-case-audit')
      .map((row) => ({ row, facts: auditFactsOf(row.id, row.fields) }));
  }, [store]);
  const audits: Audit[] = live.value ?? [];
  const today = londonDateOf(new Date());
  const standings = discussionMonths(
    audits.map((a) => a.facts),
    today,
  );
  const months = [...new Set(standings.map((m) => m.month))].slice(0, MONTHS_SHOWN);
  const severalServices = new Set(standings.map((m) => m.serviceId)).size > 1;
  const records = user.role === 'head-of-service';
  return (
    <>
      <h1 class="govuk-heading-l">Discussing audited cases</h1>
      <p class="govuk-body">
        Heads of service discuss a sample of the cases audited each month with the social workers
        and their managers, in the month after the audit.{' '}
        {records
          ? 'Record each discussion here when it has been held.'
          : 'Heads of service record each discussion here.'}
      </p>
      {live.loading && !live.value ? (
        <p class="govuk-body" role="status">
          Loading…
        </p>
      ) : months.length === 0 ? (
        <p class="govuk-body">No single case audits of your teams have been submitted yet.</p>
      ) : (
        months.map((month) => (
          <MonthSection
            key={month}
            month={month}
            services={standings
              .filter((m) => m.month === month)
              .map((standing) => ({
                standing,
                name: severalServices ? serviceName(user.scopes, standing.serviceId) : undefined,
                audits: audits.filter(
                  (a) =>
                    auditMonthOf(a.facts) === month &&
                    a.facts.serviceId === standing.serviceId &&
                    a.facts.submittedOn,
                ),
              }))}
            records={records}
          />
        ))
      )}
    </>
  );
}

const STATE_TAGS = {
  met: { colour: 'green', text: 'Sample discussed' },
  due: { colour: 'blue', text: 'Due' },
  missed: { colour: 'red', text: 'None discussed in time' },
} as const;

/** A service's name from the person's teams, or the team of theirs within it. */
function serviceName(scopes: readonly ScopeSummary[], serviceId: string | undefined): string {
  if (serviceId === undefined) return 'No service recorded';
  const service = scopes.find((s) => s.id === serviceId);
  if (service) return service.name;
  const group = scopes.find((s) => s.parentId === serviceId);
  return group ? `The service of ${group.name}` : 'Another service';
}

type ServiceAudits = { standing: DiscussionMonth; name: string | undefined; audits: Audit[] };

function MonthSection({
  month,
  services,
  records,
}: {
  month: string;
  services: ServiceAudits[];
  records: boolean;
}) {
  const name = formatMonth(month);
  const headingId = `month-${month}`;
  return (
    <section aria-labelledby={headingId}>
      <h2 class="govuk-heading-m" id={headingId}>
        Audits of {name}
      </h2>
      {services.map((s) => (
        <ServiceStanding
          key={s.standing.serviceId ?? ''}
          monthName={name}
          {...s}
          records={records}
        />
      ))}
    </section>
  );
}

function ServiceStanding({
  monthName: name,
  standing,
  name: service,
  audits,
  records,
}: ServiceAudits & { monthName: string; records: boolean }) {
  const tag = STATE_TAGS[standing.state];
  return (
    <>
      {service !== undefined ? <h3 class="govuk-heading-s">{service}</h3> : null}
      <p class="govuk-body">
        {/* The tag is a sentence of its own: heard without the stop, it ran into the count. */}
        <Tag colour={tag.colour}>{tag.text}</Tag>
        <span class="govuk-visually-hidden">.</span> {standing.discussed} of {standing.audited}{' '}
        {standing.audited === 1 ? 'audit' : 'audits'} discussed
        {standing.state === 'due'
          ? `; discuss a sample by ${formatDate(standing.dueBy)}.`
          : standing.state === 'missed'
            ? `; none was discussed by ${formatDate(standing.dueBy)}.`
            : '.'}
      </p>
      <Table
        caption={service !== undefined ? `Audits of ${name}, ${service}` : `Audits of ${name}`}
        captionSize="hidden"
        rowHeaders={false}
        columns={[
          { header: 'Case ID', cell: (a) => String(a.row.fields['context.caseId'] ?? '') },
          {
            header: 'Date of audit',
            cell: (a) => (a.facts.date ? formatDate(a.facts.date) : ''),
          },
          {
            header: 'Discussed',
            cell: (a) => (a.facts.heldOn ? formatDate(a.facts.heldOn) : 'Not yet'),
          },
          ...(records
            ? [
                {
                  header: 'Action',
                  cell: (a: Audit) => (
                    <a class="govuk-link" href={`/audit-discussions/${a.row.id}`}>
                      {a.facts.heldOn ? 'Change' : 'Record discussion'}
                      <span class="govuk-visually-hidden">
                        {' '}
                        of case {String(a.row.fields['context.caseId'] ?? '')}
                        {a.facts.date ? `, audited ${formatDate(a.facts.date)}` : ''}
                      </span>
                    </a>
                  ),
                },
              ]
            : []),
        ]}
        rows={audits}
        rowKey={(a) => a.row.id}
      />
    </>
  );
}
