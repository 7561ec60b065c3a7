import { observerReflectionRow, practitionerResponseRow } from '../../ui/reflection-card';
import { answerLabels } from '../../../schemas/entities/response-spec';
import { feedbackWords } from '../../../schemas/entities/kind-words';
import { summaryTaskTitle } from '../../../schemas/rules/task-titles';
import type { TemplateItem } from '../../../schemas/entities/template';
import type { Observation } from '../../../schemas/entities/observation';
import type { GradeScale } from '../../../schemas/entities/grade-scale';
import {
  actionOf,
  actionStatusLabels,
  formatDate,
  formatInstant,
  gradeLabelOf,
  kindLabels,
  statusLabels,
} from '../../lib/observation-records';
import { londonDateTimeOf } from '../../../schemas/calendar/london-time';
import { useServices } from '../../lib/services';
import { judgedTimescales } from '../../../schemas/timescales';
import { RecordTimeliness, responseValueAt } from '../../ui/meeting-timeliness';
import { itemShown } from '../../../schemas/rules/meeting-timescale';
import { useRecordFamily } from '../../lib/use-record-family';
import type { RecordFamily } from '../../lib/use-record-family';
import { SampleDiscussionCard } from '../../ui/sample-discussion-card';
import { GoodPracticeCard } from '../../ui/good-practice-card';
import { ModerationCard } from '../../ui/moderation-card';
import { AmendmentChanges, changedWords } from '../../ui/amendment-changes';
import { BackLink, Button, MultilineText } from '../../ui/content';
import { usePageTitle } from '../../ui/page-title';
import { SummaryList } from '../../ui/summary-list';
import type { SummaryRow } from '../../ui/summary-list';

/**
 * One observation as a document for the IRO or CP co-ordinator: every answer with its evidence,
 * the summary, improvement actions and moderation, laid out for print ("save as PDF").
 */
export function PrintObservationPage({ id }: { id: string }) {
  const state = useRecordFamily(id);
  usePageTitle(state.status === 'ready' ? 'Observation for printing' : 'Loading');
  if (state.status === 'loading')
    return (
      <p class="govuk-body" role="status">
        Loading…
      </p>
    );
  if (state.status !== 'ready')
    return (
      <>
        <h1 class="govuk-heading-l">Observation not found</h1>
        <p class="govuk-body">It is not on this tablet.</p>
      </>
    );
  return <PrintView family={state.family} />;
}

function answerOf(item: TemplateItem, o: Observation, scale: GradeScale): string {
  const entry = o.responses[item.id];
  const spec = item.response;
  if (spec.type === 'choice') {
    const chosen = spec.multiple
      ? Object.entries(entry?.choices ?? {})
          .filter(([, v]) => v)
          .map(([k]) => k)
      : typeof entry?.value === 'string'
        ? [entry.value]
        : [];
    return (
      chosen.map((k) => spec.options.find((x) => x.key === k)?.label ?? k).join(', ') ||
      'Not answered'
    );
  }
  const v = entry?.value;
  if (v === undefined) return 'Not answered';
  if (spec.type === 'grade4') return gradeLabelOf(scale, String(v)) ?? String(v);
  if (spec.type === 'ynna' || spec.type === 'ypndk')
    return answerLabels[v as keyof typeof answerLabels] ?? String(v);
  if (spec.type === 'scale0to10') return `${String(v)} out of 10`;
  if (spec.type === 'date') return formatDate(String(v));
  return String(v);
}

const text = (t: string | undefined) => (t?.trim() ? <MultilineText text={t} /> : 'Not answered');

function PrintView({ family }: { family: RecordFamily }) {
  const { observation: o, template, scale } = family;
  const { settings } = useServices();
  // By the timescales stamped at its first submission, as its own page and the report judge it.
  const judged = judgedTimescales(o.submittedTimescales, settings.timescales);
  const c = o.context;
  const valueAt = responseValueAt(o);
  const actions = family.actions.map(actionOf).filter((a) => !a.deleted);
  const s = o.summary;
  const summaryRows: SummaryRow[] = [];
  if (s.strengths !== undefined) summaryRows.push({ key: 'Strengths', value: text(s.strengths) });
  if (s.areasForDevelopment !== undefined)
    summaryRows.push({ key: 'Areas for development', value: text(s.areasForDevelopment) });
  if (template.summary.some((p) => p.part === 'overall-judgement')) {
    summaryRows.push({
      key: 'Overall judgement',
      value: gradeLabelOf(scale, s.overallGrade) ?? 'Not answered',
    });
    summaryRows.push({ key: 'Reasons for the judgement', value: text(s.overallReasons) });
  }
  // The feedback conversation as check your answers shows it, in the template's own words.
  const feedback = template.summary.find((p) => p.part === 'feedback');
  if (feedback && s.feedback.held !== undefined) {
    const words = feedbackWords[template.kind];
    summaryRows.push({
      key: summaryTaskTitle(feedback),
      value: s.feedback.held ? 'Held' : 'Not held',
    });
    if (s.feedback.held) {
      summaryRows.push({
        key: words.date,
        value: s.feedback.date ? formatDate(s.feedback.date) : 'Not answered',
      });
      if (s.feedback.restorative !== undefined)
        summaryRows.push({
          key: 'Restorative, two-way conversation',
          value: s.feedback.restorative ? 'Yes' : 'No',
        });
      if (s.feedback.notes !== undefined)
        summaryRows.push({ key: words.notes, value: text(s.feedback.notes) });
    }
  }
  // Two people's words, each credited: the observer's record of the practitioner's reflection, and
  // the practitioner's own response.
  const reflection = observerReflectionRow(o, template);
  if (reflection && s.reflection !== undefined) summaryRows.push(reflection);
  const response = practitionerResponseRow(o);
  if (response) summaryRows.push(response);
  return (
    <article class="app-print-document">
      <div class="app-no-print">
        <BackLink href={`/observations/${family.view.id}`}>Back to the observation</BackLink>
        <Button onClick={() => window.print()}>Print</Button>
      </div>
      <span class="govuk-caption-l">{c.caseId ? `Case ${c.caseId}` : 'No case ID'}</span>
      <h1 class="govuk-heading-l">{kindLabels[template.kind]}</h1>
      <SummaryList
        rows={[
          { key: 'Status', value: statusLabels[o.status] },
          {
            key: 'Observed',
            value: [c.observedName, c.observedRole].filter(Boolean).join(', ') || 'Not recorded',
          },
          { key: 'Date', value: c.date ? formatDate(c.date) : 'Not recorded' },
          { key: 'Where', value: c.setting ?? 'Not recorded' },
          {
            key: 'Submitted',
            value: o.submittedAt ? formatInstant(o.submittedAt) : 'Not submitted',
          },
        ]}
      />
      {template.sections.map((section) => (
        <section key={section.id}>
          <h2 class="govuk-heading-m">{section.title}</h2>
          <SummaryList
            rows={section.items
              .filter((item) => itemShown(template, item, valueAt, o.responses[item.id]))
              .map((item) => ({
                key: item.prompt,
                value: (
                  <>
                    <p class="govuk-body">{answerOf(item, o, scale)}</p>
                    {o.responses[item.id]?.evidence ? (
                      <MultilineText text={o.responses[item.id]!.evidence!} />
                    ) : null}
                    {/* Under the date the meeting is judged from: whether it was held in time. */}
                    {item.timescaleRule ? (
                      <RecordTimeliness
                        template={template}
                        record={o}
                        itemId={item.id}
                        local={judged}
                      />
                    ) : null}
                  </>
                ),
              }))}
          />
        </section>
      ))}
      {summaryRows.length > 0 ? (
        <section>
          <h2 class="govuk-heading-m">Summary</h2>
          <SummaryList rows={summaryRows} />
        </section>
      ) : null}
      {actions.length > 0 ? (
        <section>
          <h2 class="govuk-heading-m">Improvement actions</h2>
          <SummaryList
            rows={actions.map((a) => ({
              key: a.what || 'Not entered',
              value: `${a.ownerName ?? 'No owner'} · ${a.dueDate ? `due ${formatDate(a.dueDate)}` : 'no due date'} · ${actionStatusLabels[a.status]}`,
            }))}
          />
        </section>
      ) : null}
      <ModerationCard comments={family.comments} template={template} scale={scale} />
      <SampleDiscussionCard observation={family.observation} />
      <GoodPracticeCard observation={family.observation} />
      {family.amendments.length > 0 ? (
        <section>
          <h2 class="govuk-heading-m">Amendments since submission</h2>
          <SummaryList
            rows={family.amendments.map((a) => ({
              key: londonDateTimeOf(String(a.fields['at'])),
              value: (
                <>
                  <MultilineText text={String(a.fields['reason'] ?? '')} />
                  <AmendmentChanges
                    data={{ template, scale, actions: family.actions }}
                    fields={a.fields}
                    summary={changedWords(a.fields)}
                    open
                  />
                </>
              ),
            }))}
          />
        </section>
      ) : null}
    </article>
  );
}
