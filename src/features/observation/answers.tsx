// Every answer of an observation as summary cards: for "check your answers" (with Change links)
// and for the read-only view of a submitted record.
import { practitionerResponseRow, recordedByObserver } from '../../ui/reflection-card';
import type { ComponentChildren } from 'preact';
import { feedbackWords } from '../../../schemas/entities/kind-words';
import { responsePath } from '../../../schemas/entities/observation-fields';
import { summaryTaskTitle } from '../../../schemas/rules/task-titles';
import { evidenceLabelFor } from '../../../schemas/rules/evidence-label';
import { itemShown } from '../../../schemas/rules/meeting-timescale';
import type { Problem } from '../../../schemas/rules/completeness';
import { judgedTimescales } from '../../../schemas/timescales';
import { londonDateTimeOf } from '../../../schemas/calendar/london-time';
import { midSentence } from '../../lib/mid-sentence';
import { useServices } from '../../lib/services';
import { RecordTimeliness, responseValueAt } from '../../ui/meeting-timeliness';
import { MultilineText } from '../../ui/content';
import { fieldId } from '../../ui/field-ids';
import { SummaryCard, SummaryList } from '../../ui/summary-list';
import type { SummaryRow } from '../../ui/summary-list';
import { actionStatusLabels } from './actions-page';
import { useCallsAudit } from './audit-call';
import {
  FROM_CHECK,
  answerText,
  consentWords,
  formatDate,
  gradeLabelOf,
  outcomeLabels,
  partApplies,
  partsOf,
  summarySlug,
} from './model';
import type { HeldBack } from './model';
import type { LoadedObservation } from './use-observation';

/** Who answered the call, in the words of its page. */
const whoAnsweredWords: Record<string, string> = {
  parent: 'Parent',
  carer: 'Carer',
  'young-person': 'Young person',
  other: 'Someone else',
};

const notAnswered = <span class="app-secondary-text">Not answered</span>;

/** Beside the answer the record holds: what was typed after it, kept here and not sent. */
function NotSent({ held }: { held: readonly HeldBack[] }) {
  return (
    <>
      {held.map((h) => (
        <p class="govuk-body app-held-back" key={h.path}>
          <strong>Kept on this tablet, not sent</strong> – {h.message}
        </p>
      ))}
    </>
  );
}

/** A label before its text: a question ("If not, why not?") keeps its own mark. */
const evidenceTitle = (label: string) => (/[?:]$/.test(label) ? label : `${label}:`);

function textValue(text: string | undefined): ComponentChildren {
  return text && text.trim() ? <MultilineText text={text} /> : notAnswered;
}

/** Beside an answer, what must be done to it before it can be submitted (GOV.UK error message). */
function InlineErrors({ messages }: { messages: readonly string[] }) {
  return (
    <>
      {messages.map((m) => (
        <p class="govuk-error-message" key={m}>
          <span class="govuk-visually-hidden">Error:</span> {m}
        </p>
      ))}
    </>
  );
}

export function Answers({
  data,
  editable,
  errors = [],
}: {
  data: LoadedObservation;
  editable: boolean;
  /** The problems the error summary lists, each said again in its answer's row. */
  errors?: readonly Pick<Problem, 'path' | 'message'>[];
}) {
  const { observation: o, template, scale } = data;
  const { settings } = useServices();
  // Once submitted, judged by the timescales stamped then, as on the question page and the report.
  const judged = judgedTimescales(o.submittedTimescales, settings.timescales);
  const parts = partsOf(template, data.view.id);
  // Questions nobody was asked (consent refused, a family never reached) are not listed as "Not
  // answered", nor offered to change: only what the record holds of them, which would be sent.
  const applies = (partId: string) => {
    const part = parts.find((p) => p.id === partId);
    return !part || partApplies(part, template, o.context.consent.given);
  };
  const holds = (partId: string) => {
    const part = parts.find((p) => p.id === partId);
    return part !== undefined && Object.keys(data.view.fields).some((path) => part.owns(path));
  };
  const messagesAt = (at: (path: string) => boolean) =>
    errors.filter((e) => at(e.path)).map((e) => e.message);
  const change = (href: string, path: string, hidden: string): SummaryRow['action'] =>
    editable ? { href: `${href}?${FROM_CHECK}#${fieldId(path)}`, hidden } : undefined;
  const hrefOf = (id: string) =>
    parts.find((p) => p.id === id)?.href ?? `/observations/${data.view.id}`;
  // A value typed but held back is said beside the answer the record holds (which is what would
  // be sent): the row it belongs to, or a card of its own for a field no row shows.
  const shown = new Set<string>();
  const heldAt = (paths: readonly string[]) => data.heldBack.filter((h) => paths.includes(h.path));
  const held = (path: string) => heldAt([path]).length > 0;
  const withHeld = (value: ComponentChildren, paths: readonly string[]): ComponentChildren => {
    const here = heldAt(paths);
    for (const h of here) shown.add(h.path);
    return here.length > 0 ? (
      <>
        {value}
        <NotSent held={here} />
      </>
    ) : (
      value
    );
  };
  const row = (
    key: string,
    value: ComponentChildren,
    partId: string,
    path: string,
    also: readonly string[] = [],
  ): SummaryRow => {
    // "Change case ID", not "case id": only the first letter follows the sentence, and not that
    // of an acronym or a proper noun ("Change Signs of Safety: …").
    const action = change(hrefOf(partId), path, midSentence(key));
    const paths = [path, ...also];
    const messages = errors.filter((e) => paths.includes(e.path)).map((e) => e.message);
    const shownValue = withHeld(
      messages.length > 0 ? (
        <>
          <InlineErrors messages={messages} />
          {value}
        </>
      ) : (
        value
      ),
      paths,
    );
    return action ? { key, value: shownValue, action } : { key, value: shownValue };
  };
  const c = o.context;
  const given = c.consent.given === 'yes' || c.consent.given === 'partly';
  const audit = useCallsAudit(data);
  const valueAt = responseValueAt(o);
  const cards: ComponentChildren[] = [
    <SummaryCard title={parts[0]!.title} key="context">
      <SummaryList
        rows={[
          ...(template.kind === 'family-feedback-call'
            ? [
                row(
                  'Audit',
                  audit === null
                    ? 'Not linked to an audit'
                    : audit.words === undefined
                      ? 'Finding the audit…'
                      : (audit.words ?? 'An audit not on this tablet'),
                  'context',
                  'context.linkedObservationId',
                ),
              ]
            : []),
          row('Name', c.observedName ?? notAnswered, 'context', 'context.observedName'),
          row('Role', c.observedRole ?? notAnswered, 'context', 'context.observedRole'),
          row('Case ID', c.caseId ?? notAnswered, 'context', 'context.caseId'),
          row('Where', c.setting ?? notAnswered, 'context', 'context.setting'),
          row('Date', c.date ? formatDate(c.date) : notAnswered, 'context', 'context.date'),
          ...(c.startTime || held('context.startTime')
            ? [row('Start time', c.startTime ?? notAnswered, 'context', 'context.startTime')]
            : []),
          ...(template.consentRequired
            ? [
                row(
                  'Consent given',
                  c.consent.given ? consentWords[c.consent.given] : notAnswered,
                  'context',
                  'context.consent.given',
                ),
                // Asked once consent was given, in whole or in part: shown, answered or not.
                ...(given || c.consent.byWhom || held('context.consent.byWhom')
                  ? [
                      row(
                        'Consent given by',
                        c.consent.byWhom ?? notAnswered,
                        'context',
                        'context.consent.byWhom',
                      ),
                    ]
                  : []),
                ...(given || c.consent.how || held('context.consent.how')
                  ? [
                      row(
                        'How consent was given',
                        textValue(c.consent.how),
                        'context',
                        'context.consent.how',
                      ),
                    ]
                  : []),
                ...(c.consent.given === 'partly' ||
                c.consent.declinedParts ||
                held('context.consent.declinedParts')
                  ? [
                      row(
                        'Parts declined',
                        textValue(c.consent.declinedParts),
                        'context',
                        'context.consent.declinedParts',
                      ),
                    ]
                  : []),
              ]
            : []),
        ]}
      />
    </SummaryCard>,
  ];
  for (const section of template.sections) {
    const rows: SummaryRow[] = [];
    for (const item of section.items) {
      const entry = o.responses[item.id];
      // A date the type of meeting does not run from (a review conference's strategy discussion)
      // is not asked of it: no row, unless it holds an answer, which would still be sent.
      if (!itemShown(template, item, valueAt, entry)) continue;
      if (!applies(`section-${section.id}`) && !entry) continue;
      const answer = answerText(item, o, scale);
      rows.push(
        row(
          item.prompt,
          <>
            {answer ? <p class="govuk-body">{answer}</p> : notAnswered}
            {entry?.evidence ? (
              <div class="app-evidence">
                {/* The box's name on the question's page: a family's own words on a call; a
                    "why not?" only beside "No" (words left from an earlier "No" are a comment). */}
                <span class="govuk-body-s app-secondary-text">
                  {evidenceTitle(
                    evidenceLabelFor(
                      item,
                      typeof entry.value === 'string' ? entry.value : undefined,
                    ).label ?? 'Evidence',
                  )}
                </span>
                <MultilineText text={entry.evidence} />
              </div>
            ) : null}
            {/* Under the date the meeting is judged from: whether it was held in time. */}
            {item.timescaleRule ? (
              <RecordTimeliness template={template} record={o} itemId={item.id} local={judged} />
            ) : null}
          </>,
          `section-${section.id}`,
          responsePath(item.id, 'value'),
          [responsePath(item.id, 'evidence')],
        ),
      );
    }
    if (rows.length === 0 && !applies(`section-${section.id}`)) continue;
    cards.push(
      <SummaryCard title={section.title} key={section.id}>
        <SummaryList rows={rows} />
      </SummaryCard>,
    );
  }
  const s = o.summary;
  const summaryRows: SummaryRow[] = [];
  for (const spec of template.summary) {
    const partId = `summary-${summarySlug(spec.part)}`;
    if (!applies(partId) && !holds(partId)) continue;
    switch (spec.part) {
      case 'strengths':
        summaryRows.push(
          row('Strengths', textValue(s.strengths), 'summary-strengths', 'summary.strengths'),
        );
        break;
      case 'areas-for-development':
        summaryRows.push(
          row(
            'Areas for development',
            textValue(s.areasForDevelopment),
            'summary-strengths',
            'summary.areasForDevelopment',
          ),
        );
        break;
      case 'overall-judgement':
        summaryRows.push(
          row(
            'Overall judgement',
            gradeLabelOf(scale, s.overallGrade) ?? notAnswered,
            'summary-overall-judgement',
            'summary.overallGrade',
          ),
        );
        summaryRows.push(
          row(
            'Reasons for the judgement',
            textValue(s.overallReasons),
            'summary-overall-judgement',
            'summary.overallReasons',
          ),
        );
        break;
      case 'feedback':
        summaryRows.push(
          row(
            // The template's own name for it: a single case audit's is the discussion with the
            // social worker.
            summaryTaskTitle(spec),
            s.feedback.held === undefined ? notAnswered : s.feedback.held ? 'Held' : 'Not held',
            'summary-feedback',
            'summary.feedback.held',
          ),
        );
        // Asked once it was held: shown, answered or not.
        if (s.feedback.held || held('summary.feedback.date'))
          summaryRows.push(
            row(
              feedbackWords[template.kind].date,
              s.feedback.date ? formatDate(s.feedback.date) : notAnswered,
              'summary-feedback',
              'summary.feedback.date',
            ),
          );
        // Asked beside the date once it was held (summary-page.tsx); an answer is what the
        // moderator and the practitioner look for, so it is shown wherever the date is.
        if (s.feedback.held || s.feedback.restorative !== undefined)
          summaryRows.push(
            row(
              'Restorative, two-way conversation',
              s.feedback.restorative === undefined
                ? notAnswered
                : s.feedback.restorative
                  ? 'Yes'
                  : 'No',
              'summary-feedback',
              'summary.feedback.restorative',
            ),
          );
        if (s.feedback.notes || held('summary.feedback.notes'))
          summaryRows.push(
            row(
              feedbackWords[template.kind].notes,
              textValue(s.feedback.notes),
              'summary-feedback',
              'summary.feedback.notes',
            ),
          );
        break;
      case 'reflection':
        summaryRows.push(
          row(
            'Their reflection',
            s.reflection?.trim() ? (
              <>
                <MultilineText text={s.reflection} />
                <p class="govuk-body-s app-secondary-text">{recordedByObserver(template.kind)}</p>
              </>
            ) : (
              notAnswered
            ),
            'summary-reflection',
            'summary.reflection',
          ),
        );
        break;
      case 'family-voice':
        summaryRows.push(
          row(
            'Who answered',
            o.family.whoAnswered
              ? o.family.whoAnswered === 'other' && o.family.whoAnsweredDetail
                ? `${whoAnsweredWords.other}: ${o.family.whoAnsweredDetail}`
                : whoAnsweredWords[o.family.whoAnswered]
              : notAnswered,
            'summary-family-voice',
            'family.whoAnswered',
            ['family.whoAnsweredDetail'],
          ),
        );
        if (o.family.language || held('family.language'))
          summaryRows.push(
            row(
              'Language of the call',
              o.family.language ?? notAnswered,
              'summary-family-voice',
              'family.language',
            ),
          );
        summaryRows.push(
          row(
            'Interpreter used',
            o.family.interpreterUsed === undefined
              ? notAnswered
              : o.family.interpreterUsed
                ? 'Yes'
                : 'No',
            'summary-family-voice',
            'family.interpreterUsed',
          ),
        );
        summaryRows.push(
          row(
            'In their own words',
            textValue(o.family.familyWords),
            'summary-family-voice',
            'family.familyWords',
          ),
        );
        summaryRows.push(
          row(
            'Summary for the audit',
            textValue(o.family.auditorSummary),
            'summary-family-voice',
            'family.auditorSummary',
          ),
        );
        break;
      default:
        break;
    }
  }
  // The practitioner's own response, once shared with them: theirs, credited, with no Change link.
  const response = practitionerResponseRow(o);
  if (response) summaryRows.push(response);
  if (summaryRows.length > 0) {
    cards.push(
      <SummaryCard title="Summary" key="summary">
        <SummaryList rows={summaryRows} />
      </SummaryCard>,
    );
  }
  const attempts = [...data.children.attempts].sort((a, b) => a.at.localeCompare(b.at));
  if (template.summary.some((p) => p.part === 'call-attempts')) {
    cards.push(
      <SummaryCard
        title={`Call attempts (${attempts.length})`}
        key="calls"
        actions={
          editable ? (
            <a class="govuk-link" href={`${hrefOf('summary-calls')}?${FROM_CHECK}`}>
              Change<span class="govuk-visually-hidden"> call attempts</span>
            </a>
          ) : undefined
        }
      >
        <InlineErrors messages={messagesAt((p) => p === 'attempts')} />
        {attempts.length === 0 ? (
          <p class="govuk-body">None recorded.</p>
        ) : (
          <SummaryList
            rows={attempts.map((a, i) => ({
              key: `Attempt ${i + 1}`,
              value: (
                <>
                  <p class="govuk-body">{`${londonDateTimeOf(a.at)}: ${outcomeLabels[a.outcome]}`}</p>
                  {a.note ? <MultilineText text={a.note} /> : null}
                </>
              ),
            }))}
          />
        )}
      </SummaryCard>,
    );
  }
  const actions = data.children.actions.filter((a) => !a.deleted);
  if (template.summary.some((p) => p.part === 'improvement-plan') || actions.length > 0) {
    cards.push(
      <SummaryCard
        title={`Improvement actions (${actions.length})`}
        key="actions"
        actions={
          editable ? (
            <a class="govuk-link" href={`/observations/${data.view.id}/actions?${FROM_CHECK}`}>
              Change<span class="govuk-visually-hidden"> improvement actions</span>
            </a>
          ) : undefined
        }
      >
        <InlineErrors messages={messagesAt((p) => p === 'actions')} />
        {actions.length === 0 ? (
          <p class="govuk-body">None.</p>
        ) : (
          <SummaryList
            rows={actions.map((a) => ({
              key: a.what || 'Not entered',
              value: withHeld(
                <>
                  <InlineErrors messages={messagesAt((p) => p.startsWith(`actions.${a.id}.`))} />
                  {`${a.ownerName ?? 'No owner'} · ${a.dueDate ? `due ${formatDate(a.dueDate)}` : 'no due date'} · ${actionStatusLabels[a.status]}`}
                </>,
                data.heldBack.map((h) => h.path).filter((p) => p.startsWith(`actions.${a.id}.`)),
              ),
            }))}
          />
        )}
      </SummaryCard>,
    );
  }
  const elsewhere = data.heldBack.filter((h) => !shown.has(h.path));
  if (elsewhere.length > 0) {
    cards.unshift(
      <SummaryCard title="Kept on this tablet, not sent" key="held-back">
        <SummaryList rows={elsewhere.map((h) => ({ key: h.label, value: h.detail }))} />
      </SummaryCard>,
    );
  }
  return <>{cards}</>;
}
