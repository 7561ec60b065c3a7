// One checklist item: the question, its "what good looks like" guidance one tap away, the answer
// (radios for grades, nothing pre-selected), the evidence beside it, the timescale it starts,
// whether the child's social worker visits were up to date (under the last visit's date), a
// safety prompt where the answer is worrying, and any edit made on another device.
import { useRef } from 'preact/hooks';
import type { GradeScale } from '../../../schemas/entities/grade-scale';
import { pointsBestFirst } from '../../../schemas/entities/grade-scale';
import { answerLabels, YNNA_ANSWERS, YPNDK_ANSWERS } from '../../../schemas/entities/response-spec';
import { choicePath, responsePath } from '../../../schemas/entities/observation-fields';
import type { Observation } from '../../../schemas/entities/observation';
import type { Template, TemplateItem } from '../../../schemas/entities/template';
import type { LocalTimescales } from '../../../schemas/timescales';
import { shouldPromptSafetyConcern } from '../../../schemas/rules/safeguarding-prompt';
import type { Conflict } from '../../../schemas/sync/records';
import type { RecordForm } from '../../lib/use-record-form';
import { Checkboxes } from '../../ui/checkboxes';
import { Details, WarningText } from '../../ui/content';
import { DateInput } from '../../ui/date-input';
import { fieldId } from '../../ui/field-ids';
import { Radios } from '../../ui/radios';
import type { RadioOption } from '../../ui/radios';
import { Textarea } from '../../ui/textarea';
import { FieldConflicts } from '../../ui/field-conflicts';
import { TimelinessNote } from './timeliness';
import { meetingTimescale } from '../../../schemas/rules/meeting-timescale';
import { sourceWords } from '../../../schemas/templates/source-titles';
import { evidenceLabelFor } from '../../../schemas/rules/evidence-label';
import { PLACEMENT_VISIT_ITEMS } from '../../../schemas/rules/placement-visits';
import { VisitTimelinessNote } from './visit-timeliness';

type Props = {
  item: TemplateItem;
  template: Template;
  scale: GradeScale;
  observation: Observation;
  form: RecordForm;
  errors: Record<string, string>;
  conflicts: Conflict[];
  recordId: string;
  timescales: LocalTimescales;
};

/**
 * A scale's end in words, without its number: built-in checklists write "0 – no difference at
 * all", a local one may write "no difference at all", and the page puts the number in front once.
 */
export function endLabel(label: string, n: 0 | 10): string {
  return label.replace(new RegExp(`^\\s*${n}\\s*[–—-]\\s*`), '');
}

function options(item: TemplateItem, scale: GradeScale): RadioOption[] {
  const spec = item.response;
  switch (spec.type) {
    case 'grade4':
      return [
        ...pointsBestFirst(scale).map((p) => ({ value: p.key, label: p.label })),
        { value: scale.notObserved.key, label: scale.notObserved.label, dividerBefore: 'or' },
      ];
    case 'ynna':
      return YNNA_ANSWERS.map((k) => ({ value: k, label: answerLabels[k] }));
    case 'ypndk':
      return YPNDK_ANSWERS.map((k) => ({ value: k, label: answerLabels[k] }));
    case 'scale0to10':
      return Array.from({ length: 11 }, (_, n) => ({
        value: String(n),
        label:
          n === 0
            ? `0 – ${endLabel(spec.lowLabel, 0)}`
            : n === 10
              ? `10 – ${endLabel(spec.highLabel, 10)}`
              : String(n),
      }));
    case 'choice':
      return spec.options.map((o) => ({ value: o.key, label: o.label }));
    default:
      return [];
  }
}

/**
 * When evidence is needed, in the words of the answer it sits beside: a grade needs it (unless
 * not observed), a yes/no answer only for "No". A question with its own label for it (a family's
 * words on a call) is not told it is what the observer saw or heard.
 */
function evidenceHint(item: TemplateItem): string {
  const when =
    item.response.type === 'grade4'
      ? 'Needed for every grade except ‘Not observed’.'
      : 'Needed for every ‘No’.';
  return item.evidenceLabel ? when : `What you saw or heard that supports your answer. ${when}`;
}

export function ItemField(props: Props) {
  const { item, form, errors, scale, observation } = props;
  const valuePath = responsePath(item.id, 'value');
  const evidencePath = responsePath(item.id, 'evidence');
  const id = fieldId(valuePath);
  const spec = item.response;
  const error = errors[valuePath] ?? form.problem(valuePath);
  // Once drawn, the evidence box stays while the page is open: rubbing out the words kept beside
  // "Yes" must not take the box, and the keyboard in it, away.
  const evidenceDrawn = useRef(false);
  const guidance = (
    <Details summary="What good looks like">
      <p class="govuk-body app-prewrap">{item.guidance}</p>
      {/* The guidance's own source where it has one: the question may come from elsewhere. */}
      <p class="govuk-body-s">Source: {sourceWords(item.guidanceSource ?? item.source)}</p>
    </Details>
  );
  const conflicts = (
    <FieldConflicts
      conflicts={props.conflicts}
      paths={[valuePath]}
      recordId={props.recordId}
      label={item.prompt}
    />
  );

  let answer;
  if (spec.type === 'text') {
    answer = (
      <Textarea
        id={id}
        label={item.prompt}
        labelSize="s"
        hint={item.hint}
        value={form.text(valuePath)}
        maxLength={spec.maxLength}
        onInput={(v) => form.set(valuePath, v === '' ? null : v)}
        onBlur={() => void form.flush().catch(() => undefined)}
        error={error}
        before={
          <>
            {guidance}
            {conflicts}
          </>
        }
      />
    );
  } else if (spec.type === 'date') {
    const value = form.value(valuePath);
    answer = (
      <>
        <DateInput
          id={id}
          legend={item.prompt}
          hint={item.hint}
          value={typeof value === 'string' ? value : undefined}
          onChange={(v) => form.set(valuePath, v)}
          partial={form.partial(valuePath)}
          onPartial={(kept) => form.setPartial(valuePath, kept)}
          onBlur={() => void form.flush().catch(() => undefined)}
          error={error}
          before={guidance}
        />
        {item.timescaleRule ? (
          <TimelinessNote
            governs={
              meetingTimescale(
                props.template,
                (p) => form.value(p),
                observation.context.date ?? null,
              )?.itemId === item.id
            }
            rule={item.timescaleRule}
            from={typeof value === 'string' ? value : undefined}
            held={observation.context.date}
            kind={props.template.kind}
            local={props.timescales}
          />
        ) : null}
        {item.id === PLACEMENT_VISIT_ITEMS.lastVisit ? (
          <VisitTimelinessNote
            template={props.template}
            valueAt={(p) => form.value(p)}
            held={observation.context.date}
          />
        ) : null}
      </>
    );
  } else if (spec.type === 'choice' && spec.multiple) {
    const selected = spec.options
      .map((o) => o.key)
      .filter((k) => form.value(choicePath(item.id, k)) === true);
    answer = (
      <Checkboxes
        id={id}
        name={id}
        legend={item.prompt}
        hint={item.hint ?? 'Select all that apply'}
        options={spec.options.map((o) => ({ value: o.key, label: o.label }))}
        selected={selected}
        onToggle={(key, checked) => form.set(choicePath(item.id, key), checked ? true : null)}
        error={error}
        before={guidance}
      />
    );
  } else {
    const raw = form.value(valuePath);
    answer = (
      <Radios
        id={id}
        name={id}
        legend={item.prompt}
        hint={
          item.hint ??
          (spec.type === 'scale0to10'
            ? `0 is ${endLabel(spec.lowLabel, 0).toLowerCase()}, 10 is ${endLabel(spec.highLabel, 10).toLowerCase()}`
            : undefined)
        }
        options={options(item, scale)}
        value={raw === undefined || raw === null ? undefined : String(raw)}
        onChange={(v) => form.set(valuePath, spec.type === 'scale0to10' ? Number(v) : v)}
        inline={spec.type === 'scale0to10'}
        small={spec.type === 'scale0to10'}
        error={error}
        before={
          <>
            {guidance}
            {conflicts}
          </>
        }
      />
    );
  }

  const entry = observation.responses[item.id];
  const current = form.value(valuePath);
  // A "why not?" box is drawn once "No" is chosen; beside another answer it stays only while it
  // holds words (from an earlier "No"), as a comment, so nothing typed is hidden or lost.
  const box = evidenceLabelFor(item, typeof current === 'string' ? current : undefined);
  const takesEvidence =
    item.evidence !== 'none' &&
    (box.asked || form.text(evidencePath).trim() !== '' || evidenceDrawn.current);
  if (takesEvidence) evidenceDrawn.current = true;
  const evidenceRequired = item.evidence === 'required-for-grade-or-no' && box.asked;
  const concerning = shouldPromptSafetyConcern(
    item,
    { ...entry, ...(typeof current === 'string' ? { value: current } : {}) },
    scale,
  );
  return (
    <div class="app-item" id={`item-${item.id}`}>
      {answer}
      {/* Drawn empty before any answer, so the prompt is announced when a worrying grade is chosen. */}
      <div aria-live="polite" data-testid={`safety-prompt-${item.id}`}>
        {concerning ? (
          <div class="app-safety-prompt">
            <WarningText>
              This answer may mean a child is not safe. If you have an immediate concern, report it
              now.
            </WarningText>
            <p class="govuk-body">
              <a
                class="govuk-link"
                href={`/concerns/new?observation=${encodeURIComponent(props.recordId)}`}
              >
                Report a safety concern
              </a>
            </p>
          </div>
        ) : null}
      </div>
      {takesEvidence ? (
        <Textarea
          id={fieldId(evidencePath)}
          label={
            <>
              {box.label ?? (evidenceRequired ? 'Evidence' : 'Comment (optional)')}
              {/* Every item has one: its question tells a screen reader's list of fields apart. */}
              <span class="govuk-visually-hidden"> for {item.prompt}</span>
            </>
          }
          hint={
            evidenceRequired
              ? evidenceHint(item)
              : box.asked || form.text(evidencePath).trim() === ''
                ? undefined
                : `Written in the ‘${item.evidenceLabel}’ box. Clear it if it no longer applies.`
          }
          value={form.text(evidencePath)}
          maxLength={10_000}
          rows={4}
          onInput={(v) => form.set(evidencePath, v === '' ? null : v)}
          onBlur={() => void form.flush().catch(() => undefined)}
          error={errors[evidencePath] ?? form.problem(evidencePath)}
          before={
            <FieldConflicts
              conflicts={props.conflicts}
              paths={[evidencePath]}
              recordId={props.recordId}
              label={`Evidence for ${item.prompt}`}
            />
          }
        />
      ) : null}
    </div>
  );
}
