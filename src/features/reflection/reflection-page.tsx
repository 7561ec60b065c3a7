import { formatDate, gradeLabelOf, kindLabels } from '../../lib/observation-records';
import { useServices } from '../../lib/services';
import { useRecordFamily } from '../../lib/use-record-family';
import type { RecordFamily } from '../../lib/use-record-family';
import { FieldConflicts } from '../../ui/field-conflicts';
import { useRecordForm } from '../../lib/use-record-form';
import { BackLink, MultilineText } from '../../ui/content';
import { usePageTitle } from '../../ui/page-title';
import { SaveStatus } from '../../ui/save-status';
import { GoodPracticeCard } from '../../ui/good-practice-card';
import { SummaryCard, SummaryList } from '../../ui/summary-list';
import type { SummaryRow } from '../../ui/summary-list';
import { Textarea } from '../../ui/textarea';

const REFLECTION_MAX = 10_000;

/** A shared observation as its practitioner reads it, with their reflection saved as they type. */
export function ReflectionPage({ id }: { id: string }) {
  const state = useRecordFamily(id);
  const { user } = useServices();
  usePageTitle(state.status === 'ready' ? 'Your observation' : 'Loading');
  if (state.status === 'loading')
    return (
      <p class="govuk-body" role="status">
        Loading…
      </p>
    );
  if (
    state.status !== 'ready' ||
    state.family.observation.context.observedUserId !== user.id ||
    !state.family.observation.sharedWithPractitioner
  )
    return (
      <>
        <h1 class="govuk-heading-l">Observation not found</h1>
        <p class="govuk-body">It has not been shared with you, or not reached this tablet yet.</p>
      </>
    );
  return <Reflection family={state.family} />;
}

const text = (t: string | undefined) => (t?.trim() ? <MultilineText text={t} /> : 'Not recorded');

function Reflection({ family }: { family: RecordFamily }) {
  const { observation: o, template, scale, view } = family;
  const form = useRecordForm({
    recordId: view.id,
    type: 'observation',
    fields: view.fields,
    version: view.version,
    validate: (_path, value) =>
      typeof value === 'string' && value.length > REFLECTION_MAX
        ? `Your reflection must be ${REFLECTION_MAX} characters or fewer`
        : undefined,
  });
  const rows: SummaryRow[] = [
    { key: 'Date', value: o.context.date ? formatDate(o.context.date) : 'Not recorded' },
    { key: 'Strengths', value: text(o.summary.strengths) },
    { key: 'Areas for development', value: text(o.summary.areasForDevelopment) },
  ];
  if (template.summary.some((p) => p.part === 'overall-judgement')) {
    rows.push({
      key: 'Overall judgement',
      value: gradeLabelOf(scale, o.summary.overallGrade) ?? 'Not graded',
    });
    rows.push({ key: 'Reasons', value: text(o.summary.overallReasons) });
  }
  return (
    <>
      <div class="app-observation-bar">
        <BackLink href="/shared">Back to shared with you</BackLink>
        <div class="app-observation-bar__actions">
          <SaveStatus state={form.state} error={form.error} heldBack={form.heldBack.length} />
        </div>
      </div>
      <span class="govuk-caption-l">{kindLabels[template.kind]}</span>
      <h1 class="govuk-heading-l">Your observation</h1>
      <SummaryList rows={rows} />
      {template.sections.map((section) => (
        <SummaryCard title={section.title} key={section.id}>
          <SummaryList
            rows={section.items
              .filter((i) => i.response.type === 'grade4')
              .map((item) => {
                const entry = o.responses[item.id];
                return {
                  key: item.prompt,
                  value: (
                    <>
                      <p class="govuk-body">
                        {gradeLabelOf(
                          scale,
                          typeof entry?.value === 'string' ? entry.value : undefined,
                        ) ?? 'Not graded'}
                      </p>
                      {entry?.evidence ? <MultilineText text={entry.evidence} /> : null}
                    </>
                  ),
                };
              })}
          />
        </SummaryCard>
      ))}
      <GoodPracticeCard observation={o} />
      <Textarea
        id="reflection"
        label="Your reflection"
        labelSize="m"
        hint="What you take from this observation and what you will do next. The observer and your managers can read it."
        value={form.text('summary.reflection')}
        maxLength={REFLECTION_MAX}
        rows={8}
        error={form.problem('summary.reflection')}
        onInput={(v) => form.set('summary.reflection', v)}
        onBlur={() => void form.flush().catch(() => undefined)}
        before={
          <FieldConflicts
            conflicts={view.conflicts}
            paths={['summary.reflection']}
            recordId={view.id}
            label="Your reflection"
          />
        }
      />
    </>
  );
}
