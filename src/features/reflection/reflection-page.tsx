import { directoryResponseSchema } from '../../../schemas/api/directory';
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
import { useOnlineReport } from '../../lib/use-online-report';
import { observerReflectionRow } from '../../ui/reflection-card';

const RESPONSE_MAX = 10_000;
const RESPONSE = 'practitionerResponse';

/**
 * A shared observation as its practitioner reads it: what the observer recorded (their record of
 * the practitioner's reflection included, read-only and credited to them), and the practitioner's
 * own response, saved as they type.
 */
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
      typeof value === 'string' && value.length > RESPONSE_MAX
        ? `Your response must be ${RESPONSE_MAX} characters or fewer`
        : undefined,
  });
  // The observer's name, from the directory of the practitioner's teams (kept on the tablet).
  const directory = useOnlineReport('directory', '/api/directory', directoryResponseSchema);
  const observerName = directory.value?.people.find((p) => p.id === view.ownerId)?.displayName;
  const reflection = observerReflectionRow(o, template, observerName);
  if (reflection) reflection.key = 'Your reflection';
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
      {template.sections.map((section) => {
        // Only the graded answers are shown: a section with none is left out, not an empty card.
        const graded = section.items.filter((i) => i.response.type === 'grade4');
        if (graded.length === 0) return null;
        return (
          <SummaryCard title={section.title} key={section.id}>
            <SummaryList
              rows={graded.map((item) => {
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
        );
      })}
      <GoodPracticeCard observation={o} />
      {reflection ? (
        <SummaryCard title="The observer’s record of your reflection" id="observer-reflection">
          <SummaryList rows={[reflection]} />
        </SummaryCard>
      ) : null}
      <Textarea
        id="response"
        label="Your response"
        labelSize="m"
        hint="Your own words: what you take from this observation and what you will do next. The observer’s record above stays as they wrote it. The observer and your managers can read your response."
        value={form.text(RESPONSE)}
        maxLength={RESPONSE_MAX}
        rows={8}
        error={form.problem(RESPONSE)}
        onInput={(v) => form.set(RESPONSE, v)}
        onBlur={() => void form.flush().catch(() => undefined)}
        before={
          <FieldConflicts
            conflicts={view.conflicts}
            paths={[RESPONSE]}
            recordId={view.id}
            label="Your response"
          />
        }
      />
    </>
  );
}
