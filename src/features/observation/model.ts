// What the observation screens work out from a record: its template, the record as the domain
// sees it, its children, its problems and how far each part has got. Pure, so it is tested alone.
import { ofstedGradeScale } from '../../../schemas/entities/grade-scale';
import type { GradeScale } from '../../../schemas/entities/grade-scale';
import { answerLabels } from '../../../schemas/entities/response-spec';
import type { YnnaAnswer, YpndkAnswer } from '../../../schemas/entities/response-spec';
import type { ImprovementAction } from '../../../schemas/entities/improvement-action';
import type { CallOutcome, FamilyCallAttempt } from '../../../schemas/entities/family-call-attempt';
import type { SafetyConcern } from '../../../schemas/entities/safety-concern';
import type { Observation } from '../../../schemas/entities/observation';
import type { ObservationKind } from '../../../schemas/entities/observation-kind';
import { unflattenEntity } from '../../../schemas/entities/entity-fields';
import { summaryPartSpec } from '../../../schemas/entities/template';
import type { SummaryPart, Template, TemplateItem } from '../../../schemas/entities/template';
import { checkCompleteness } from '../../../schemas/rules/completeness';
import type { Problem } from '../../../schemas/rules/completeness';
import type { RecordView } from '../../db';
import { formatDate, gradeLabelOf } from '../../lib/observation-records';
import type { Task, TaskStatus } from '../../ui/task-list';

export {
  actionOf,
  formatDate,
  gradeLabelOf,
  kindLabels,
  observationOf,
  statusLabels,
  templateOf,
} from '../../lib/observation-records';

export const kindHints: Record<ObservationKind, string> = {
  'cp-conference-chairing': 'Peer observation of a CP chair chairing a conference',
  'lac-review-chairing': 'Observing an independent reviewing officer chairing a review',
  'frontline-practice': 'A home visit or direct work with a child',
  'family-feedback-call': 'The structured telephone questionnaire of a monthly audit',
  'single-case-audit': 'The monthly audit of one case, with its improvement plan',
};

export const outcomeLabels: Record<CallOutcome, string> = {
  'no-answer': 'No answer',
  'call-back': 'Asked to be called back',
  declined: 'Declined to take part',
  completed: 'Completed',
};

export function attemptOf(view: RecordView): FamilyCallAttempt {
  const f = unflattenEntity(view.fields) as Record<string, unknown>;
  return {
    outcome: 'no-answer',
    at: view.updatedAt,
    ...(f as Partial<FamilyCallAttempt>),
    id: view.id,
    observationId: view.parentId ?? '',
  } as FamilyCallAttempt;
}

export function concernOf(view: RecordView): SafetyConcern {
  const f = unflattenEntity(view.fields) as Record<string, unknown>;
  return {
    whoWasTold: [],
    what: '',
    caseId: '',
    raisedAt: view.updatedAt,
    raisedBy: view.ownerId ?? '',
    ...(f as Partial<SafetyConcern>),
    id: view.id,
  } as SafetyConcern;
}

export type Children = {
  actions: ImprovementAction[];
  attempts: FamilyCallAttempt[];
  concerns: SafetyConcern[];
};

export function problemsOf(
  observation: Observation,
  template: Template,
  children: Children,
  scale: GradeScale = ofstedGradeScale,
): Problem[] {
  return checkCompleteness(observation, template, children, { gradeScales: [scale] });
}

/** The parts of the observation, in order, each with the paths that belong to it. */
export type Part = { id: string; title: string; href: string; owns: (path: string) => boolean };

const summaryTitles: Record<SummaryPart, string> = {
  strengths: 'Strengths and areas for development',
  'areas-for-development': 'Strengths and areas for development',
  'overall-judgement': 'Overall judgement',
  feedback: 'Feedback conversation',
  reflection: 'Reflection',
  'family-voice': 'The family’s feedback',
  'call-attempts': 'Call attempts',
  'improvement-plan': 'Improvement actions',
};

const summaryPaths: Record<SummaryPart, (path: string) => boolean> = {
  strengths: (p) => p === 'summary.strengths' || p === 'summary.areasForDevelopment',
  'areas-for-development': (p) => p === 'summary.strengths' || p === 'summary.areasForDevelopment',
  'overall-judgement': (p) => p.startsWith('summary.overall'),
  feedback: (p) => p.startsWith('summary.feedback'),
  reflection: (p) => p === 'summary.reflection',
  'family-voice': (p) => p.startsWith('family.'),
  'call-attempts': (p) => p === 'attempts',
  'improvement-plan': (p) => p === 'actions' || p.startsWith('actions.'),
};

/** The URL segment of a summary part (strengths and areas share one page). */
export function summarySlug(part: SummaryPart): string {
  if (part === 'areas-for-development') return 'strengths';
  if (part === 'call-attempts') return 'calls';
  if (part === 'improvement-plan') return 'actions';
  return part;
}

export function partsOf(template: Template, id: string): Part[] {
  const base = `/observations/${id}`;
  const parts: Part[] = [
    {
      id: 'context',
      title:
        template.kind === 'family-feedback-call'
          ? 'About the call'
          : template.kind === 'single-case-audit'
            ? 'About the audit'
            : 'About the observation',
      href: `${base}/context`,
      owns: (p) => p.startsWith('context.'),
    },
  ];
  for (const section of template.sections) {
    const ids = new Set(section.items.map((i) => i.id));
    parts.push({
      id: `section-${section.id}`,
      title: section.title,
      href: `${base}/sections/${section.id}`,
      owns: (p) => {
        const m = /^responses\.([^.]+)\./.exec(p);
        return m !== null && ids.has(m[1]!);
      },
    });
  }
  const seen = new Set<string>();
  for (const spec of template.summary) {
    const slug = summarySlug(spec.part);
    if (seen.has(slug)) continue;
    seen.add(slug);
    parts.push({
      id: `summary-${slug}`,
      title: spec.label ?? summaryTitles[spec.part],
      href: `${base}/${slug === 'calls' || slug === 'actions' ? slug : `summary/${slug}`}`,
      owns: summaryPaths[spec.part],
    });
  }
  return parts;
}

/** Whether any of a part's fields has been touched. */
function started(part: Part, fields: Record<string, unknown>, children: Children): boolean {
  if (part.id === 'summary-calls') return children.attempts.length > 0;
  if (part.id === 'summary-actions') return children.actions.length > 0;
  return Object.keys(fields).some((p) => part.owns(p));
}

export function tasksOf(
  template: Template,
  view: RecordView,
  problems: Problem[],
  children: Children,
): Task[] {
  return partsOf(template, view.id).map((part) => {
    const open = problems.some((pr) => part.owns(pr.path));
    const touched = started(part, view.fields, children);
    let status: TaskStatus;
    if (open) status = touched ? 'incomplete' : 'not-started';
    else status = touched || !isOptionalPart(part, template) ? 'completed' : 'not-started';
    return { id: part.id, title: part.title, href: part.href, status };
  });
}

function isOptionalPart(part: Part, template: Template): boolean {
  if (part.id.startsWith('summary-')) {
    const slug = part.id.slice('summary-'.length);
    return !template.summary.some((s) => summarySlug(s.part) === slug && s.required);
  }
  if (part.id.startsWith('section-')) {
    const section = template.sections.find((s) => `section-${s.id}` === part.id);
    return !section?.items.some((i) => i.required);
  }
  return false;
}

/** An answer in words, for check answers and read-only views. */
export function answerText(
  item: TemplateItem,
  observation: Observation,
  scale: GradeScale,
): string | undefined {
  const entry = observation.responses[item.id];
  const spec = item.response;
  if (spec.type === 'choice') {
    const chosen = spec.multiple
      ? Object.entries(entry?.choices ?? {})
          .filter(([, v]) => v)
          .map(([k]) => k)
      : typeof entry?.value === 'string'
        ? [entry.value]
        : [];
    const labels = chosen.map((k) => spec.options.find((o) => o.key === k)?.label ?? k);
    return labels.length > 0 ? labels.join(', ') : undefined;
  }
  const value = entry?.value;
  if (value === undefined) return undefined;
  switch (spec.type) {
    case 'grade4':
      return gradeLabelOf(scale, String(value)) ?? String(value);
    case 'ynna':
    case 'ypndk':
      return answerLabels[value as YnnaAnswer | YpndkAnswer] ?? String(value);
    case 'scale0to10':
      return `${String(value)} out of 10`;
    case 'date':
      return formatDate(String(value));
    default:
      return String(value);
  }
}

export function hasSummaryPart(template: Template, part: SummaryPart): boolean {
  return summaryPartSpec(template, part) !== undefined;
}

/** Today in Europe/London, `YYYY-MM-DD`. */
export function londonToday(now: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(now);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/**
 * The checklist a new record of a kind uses: the authority's own adapted template when it has
 * published one, otherwise the built-in; always its newest version.
 */
export function templateForNew(
  kind: ObservationKind,
  templates: readonly Template[],
): Template | undefined {
  const ofKind = templates.filter((t) => t.kind === kind);
  const local = ofKind.filter((t) => t.id !== kind);
  const pool = local.length > 0 ? local : ofKind;
  return [...pool].sort((a, b) => b.version - a.version)[0];
}
