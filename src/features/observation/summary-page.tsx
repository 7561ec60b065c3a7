import { useLocation } from 'preact-iso';
import { feedbackWords } from '../../../schemas/entities/kind-words';
import { pointsBestFirst } from '../../../schemas/entities/grade-scale';
import { summaryPartSpec } from '../../../schemas/entities/template';
import type { SummaryPart } from '../../../schemas/entities/template';
import { ButtonGroup, Details } from '../../ui/content';
import { DateInput } from '../../ui/date-input';
import { fieldId } from '../../ui/field-ids';
import { Radios } from '../../ui/radios';
import { TextInput } from '../../ui/text-input';
import { Textarea } from '../../ui/textarea';
import { FieldConflicts } from '../../ui/field-conflicts';
import { ObservationFrame, NotFound } from './frame';
import { continueHref, partsOf } from './model';
import type { LoadedObservation } from './use-observation';
import { WithObservation } from './with-observation';
import { partErrors, useObservationForm } from './use-observation-form';
import { useSaveAndContinue } from './save-and-continue';

const SLUG_PARTS: Record<string, SummaryPart> = {
  strengths: 'strengths',
  'overall-judgement': 'overall-judgement',
  feedback: 'feedback',
  reflection: 'reflection',
  'family-voice': 'family-voice',
};

export function SummaryPage({ id, part }: { id: string; part: string }) {
  const summaryPart = SLUG_PARTS[part];
  if (!summaryPart) return <NotFound />;
  return (
    <WithObservation id={id} editable>
      {(data) => <SummaryForm data={data} part={summaryPart} />}
    </WithObservation>
  );
}

const yesNo = [
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
];

function SummaryForm({ data, part }: { data: LoadedObservation; part: SummaryPart }) {
  const { query } = useLocation();
  const form = useObservationForm(data);
  const parts = partsOf(data.template, data.view.id);
  const index = parts.findIndex((p) => p.id === `summary-${part}`);
  // The hooks run whether or not the part is found, so their order never changes.
  const here = parts[index] ?? parts[0]!;
  const next = continueHref(query, data.view.id, parts[index + 1]?.href);
  const checked = partErrors(data, here.owns, query['check'] === '1');
  const saveAndContinue = useSaveAndContinue(data, form, here, next, checked);
  if (index < 0) return <NotFound />;
  const { errors } = saveAndContinue;
  const err = (path: string) => errors.map[path] ?? form.problem(path);
  const conflictsFor = (path: string, label: string) => (
    <FieldConflicts
      conflicts={data.view.conflicts}
      paths={[path]}
      recordId={data.view.id}
      label={label}
    />
  );
  const area = (path: string, label: string, hint?: string) => (
    <Textarea
      id={fieldId(path)}
      label={label}
      labelSize="s"
      hint={hint}
      value={form.text(path)}
      maxLength={10_000}
      onInput={(v) => form.set(path, v === '' ? null : v)}
      onBlur={() => void form.flush().catch(() => undefined)}
      error={err(path)}
      before={conflictsFor(path, label)}
    />
  );
  const bool = (path: string) => {
    const v = form.value(path);
    return v === true ? 'yes' : v === false ? 'no' : undefined;
  };
  const required = (p: SummaryPart) => summaryPartSpec(data.template, p)?.required === true;
  const optional = (label: string, p: SummaryPart) => (required(p) ? label : `${label} (optional)`);

  let body;
  switch (part) {
    case 'strengths':
      body = (
        <>
          {area(
            'summary.strengths',
            optional('Strengths', 'strengths'),
            'What went well, with examples of what you saw or heard.',
          )}
          {summaryPartSpec(data.template, 'areas-for-development')
            ? area(
                'summary.areasForDevelopment',
                optional('Areas for development', 'areas-for-development'),
                'What could be done differently, and any training or support that would help.',
              )
            : null}
        </>
      );
      break;
    case 'overall-judgement': {
      const grade = form.value('summary.overallGrade');
      body = (
        <>
          <Radios
            id={fieldId('summary.overallGrade')}
            name="overall-grade"
            // The page's one question (with its reasons): its legend is the heading, not said twice.
            legend={here.title}
            legendAsHeading
            legendSize="l"
            options={pointsBestFirst(data.scale).map((p) => ({ value: p.key, label: p.label }))}
            value={typeof grade === 'string' ? grade : undefined}
            onChange={(v) => form.set('summary.overallGrade', v)}
            error={err('summary.overallGrade')}
          />
          {area(
            'summary.overallReasons',
            'Reasons for your judgement',
            'Say what led you to this grade.',
          )}
        </>
      );
      break;
    }
    case 'feedback': {
      const held = form.value('summary.feedback.held');
      const words = feedbackWords[data.template.kind];
      body = (
        <>
          <Radios
            id={fieldId('summary.feedback.held')}
            name="feedback-held"
            legend={words.held}
            inline
            options={yesNo}
            value={bool('summary.feedback.held')}
            onChange={(v) => form.set('summary.feedback.held', v === 'yes')}
            error={err('summary.feedback.held')}
          />
          {held === true ? (
            <>
              <DateInput
                id={fieldId('summary.feedback.date')}
                legend={words.date}
                value={
                  typeof form.value('summary.feedback.date') === 'string'
                    ? (form.value('summary.feedback.date') as string)
                    : undefined
                }
                onChange={(v) => form.set('summary.feedback.date', v)}
                partial={form.partial('summary.feedback.date')}
                onPartial={(kept) => form.setPartial('summary.feedback.date', kept)}
                error={err('summary.feedback.date')}
              />
              <Radios
                id={fieldId('summary.feedback.restorative')}
                name="feedback-restorative"
                legend="Was it a restorative, two-way conversation?"
                inline
                options={yesNo}
                value={bool('summary.feedback.restorative')}
                onChange={(v) => form.set('summary.feedback.restorative', v === 'yes')}
              />
              {area('summary.feedback.notes', `${words.notes} (optional)`, words.notesHint)}
            </>
          ) : null}
        </>
      );
      break;
    }
    case 'reflection':
      body = area(
        'summary.reflection',
        optional('Their reflection', 'reflection'),
        `In the words of ${data.template.observedDescription}, if they have given it. They can also add it themselves once the observation is shared with them.`,
      );
      break;
    case 'family-voice': {
      const who = form.value('family.whoAnswered');
      const scripts = (data.template.scripts ?? []).filter(
        (s) => s.id === 'safeguarding' || s.id === 'closing',
      );
      body = (
        <>
          <Radios
            id={fieldId('family.whoAnswered')}
            name="who-answered"
            legend="Who answered the call?"
            options={[
              { value: 'parent', label: 'Parent' },
              { value: 'carer', label: 'Carer' },
              { value: 'young-person', label: 'Young person' },
              { value: 'other', label: 'Someone else' },
            ]}
            value={typeof who === 'string' ? who : undefined}
            onChange={(v) => form.set('family.whoAnswered', v)}
            error={err('family.whoAnswered')}
          />
          {who === 'other' ? (
            <TextInput
              id={fieldId('family.whoAnsweredDetail')}
              label="Who was it?"
              value={form.text('family.whoAnsweredDetail')}
              onInput={(v) => form.set('family.whoAnsweredDetail', v === '' ? null : v)}
              error={err('family.whoAnsweredDetail')}
            />
          ) : null}
          <TextInput
            id={fieldId('family.language')}
            label="Language of the call (optional)"
            value={form.text('family.language')}
            onInput={(v) => form.set('family.language', v === '' ? null : v)}
            width="20"
          />
          <Radios
            id={fieldId('family.interpreterUsed')}
            name="interpreter"
            legend="Was an interpreter used?"
            inline
            options={yesNo}
            value={bool('family.interpreterUsed')}
            onChange={(v) => form.set('family.interpreterUsed', v === 'yes')}
          />
          {area(
            'family.familyWords',
            'What the family said, in their own words',
            'Write down what they said as they said it. This is kept apart from your summary.',
          )}
          {area(
            'family.auditorSummary',
            'Your summary for the audit',
            'Your own summary of their feedback, for the family feedback section of the audit.',
          )}
          {scripts.map((s) => (
            <Details summary={`Script: ${s.title}`} key={s.id}>
              <p class="govuk-body app-prewrap">{s.text}</p>
            </Details>
          ))}
        </>
      );
      break;
    }
    default:
      body = null;
  }
  return (
    <ObservationFrame
      data={data}
      title={here.title}
      back={
        query['from'] === 'check'
          ? next
          : (parts[index - 1]?.href ?? `/observations/${data.view.id}`)
      }
      errors={errors.links}
      errorsAttempt={saveAndContinue.attempt}
      save={form}
      headingInside={part === 'overall-judgement'}
    >
      {body}
      <ButtonGroup>
        {saveAndContinue.button}
        <a class="govuk-link" href={`/observations/${data.view.id}`}>
          Return to the task list
        </a>
      </ButtonGroup>
    </ObservationFrame>
  );
}
