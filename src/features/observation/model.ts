// What the observation screens work out from a record: its template, the record as the domain
// sees it, its children, its problems and how far each part has got. Pure, so it is tested alone.
import { londonDateOf } from '../../../schemas/calendar/london-time';
import type { GradeScale } from '../../../schemas/entities/grade-scale';
import { answerLabels } from '../../../schemas/entities/response-spec';
import type { YnnaAnswer, YpndkAnswer } from '../../../schemas/entities/response-spec';
import type { ImprovementAction } from '../../../schemas/entities/improvement-action';
import type { FamilyCallAttempt } from '../../../schemas/entities/family-call-attempt';
import type { SafetyConcern } from '../../../schemas/entities/safety-concern';
import type { Observation } from '../../../schemas/entities/observation';
import type { ObservationKind } from '../../../schemas/entities/observation-kind';
import { unflattenEntity } from '../../../schemas/entities/entity-fields';
import { summaryPartSpec } from '../../../schemas/entities/template';
import type { SummaryPart, Template, TemplateItem } from '../../../schemas/entities/template';
import { checkCompleteness, nothingAsked } from '../../../schemas/rules/completeness';
import { callAttemptFromRow } from '../../../schemas/rules/submission';
import { contextTaskTitle, summaryTaskTitle } from '../../../schemas/rules/task-titles';
import type { Problem } from '../../../schemas/rules/completeness';
import { fieldValueProblem } from '../../../schemas/rules/validate-observation';
import type { RecordView, Scratch } from '../../db';
import { halfDateDetail, heldBackDetail } from '../../lib/held-back';
import { actionFieldProblem, formatDate, gradeLabelOf } from '../../lib/observation-records';
import { fieldId } from '../../ui/field-ids';
import {
  actionFieldLabels,
  consentWords,
  fieldLabel,
  outcomeLabels,
  pathValueText,
} from '../../lib/observation-labels';

// The words of fields and values live in src/lib (the printed record uses them too).
export { actionFieldLabels, consentWords, fieldLabel, outcomeLabels, pathValueText };
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

/** A call attempt from its record, as the server's submission check makes it too. */
export function attemptOf(view: RecordView): FamilyCallAttempt {
  return callAttemptFromRow(view);
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

/** What stands in the way of submitting, on `today` (London): this tablet's own clock. */
export function problemsOf(
  observation: Observation,
  template: Template,
  children: Children,
  scale: GradeScale,
  today: string,
): Problem[] {
  return checkCompleteness(observation, template, children, {
    gradeScales: [scale],
    latestDate: today,
  });
}

/**
 * A value typed into the observation (or one of its actions) that is kept on this tablet, in its
 * sealed scratch, but not sent: it fails the check the server would make (an over-long note, half
 * a case ID), or it is a date's boxes that make no date. The stored record does not have it, so
 * it is a problem of the observation until it is fixed: listed, linked and in the way of Submit.
 */
export type HeldBack = {
  /** The observation's path of the field (`summary.strengths`, `actions.<id>.ownerName`). */
  path: string;
  /** The field's name as its page says it. */
  label: string;
  /** What is wrong, in the field's own words, as the rest of a sentence. */
  detail: string;
  /** For the error summary: `Strengths: you have 26 characters too many`. */
  message: string;
};

/** What the tablet keeps unsent: the observation's scratch and each of its actions'. */
export type KeptScratch = { observation: Scratch; actions: Readonly<Record<string, Scratch>> };

/** A problem the observation's screens show: a gap the completeness rules find, or a value held back. */
export type ObservationProblem = Pick<Problem, 'path' | 'message'> & { heldBack?: true };

// Boxes that make no value yet, kept beside the values (src/lib/use-record-form.ts).
const PARTIAL = 'partial:';

/**
 * Every value typed into the observation or one of its actions that the tablet keeps but has
 * not sent, judged again as the server would judge it, with what to do about each.
 */
export function heldBackOf(
  observation: Observation,
  template: Template,
  actions: readonly ImprovementAction[],
  kept: KeptScratch,
): HeldBack[] {
  const held: HeldBack[] = [];
  const add = (path: string, detail: string) => {
    const label = fieldLabel(template, path, actions);
    held.push({ path, label, detail, message: `${label}: ${detail}` });
  };
  const each = (
    scratch: Scratch,
    pathOf: (key: string) => string,
    judge: (key: string, value: string) => string | undefined,
  ) => {
    for (const [key, value] of Object.entries(scratch)) {
      if (key.startsWith(PARTIAL)) add(pathOf(key.slice(PARTIAL.length)), halfDateDetail);
      else add(pathOf(key), heldBackDetail(value, judge(key, value)));
    }
  };
  each(
    kept.observation,
    (key) => key,
    (key, value) => fieldValueProblem(observation, template, key, value),
  );
  for (const action of actions) {
    const scratch = kept.actions[action.id];
    if (!scratch || action.deleted) continue;
    each(scratch, (key) => `actions.${action.id}.${key}`, actionFieldProblem);
  }
  return held;
}

/**
 * The completeness problems with the held-back values among them: one in place of a gap in the
 * same field (listed for what was typed, not also as empty), the others where their field sits on
 * its page (an error summary follows the order of the page: a start time held back comes before
 * the consent fields below it, not after them).
 */
export function withHeldBack(
  problems: readonly Problem[],
  held: readonly HeldBack[],
  parts: readonly Part[],
): ObservationProblem[] {
  const asProblem = (h: HeldBack): ObservationProblem => ({
    path: h.path,
    message: h.message,
    heldBack: true,
  });
  const byPath = new Map(held.map((h) => [h.path, h]));
  const placed = new Set<string>();
  const list: ObservationProblem[] = [];
  for (const p of problems) {
    const h = byPath.get(p.path);
    // What was typed there is the problem, in the gap's place; the gap is not said as well.
    if (h && !placed.has(h.path)) list.push(asProblem(h));
    if (h) placed.add(h.path);
    else list.push({ path: p.path, message: p.message });
  }
  // Where a path is drawn: its part, then its field's place on the part's page.
  const placeOf = (path: string): [number, number] => {
    const i = parts.findIndex((p) => p.owns(path));
    if (i < 0) return [parts.length, 0];
    const fields = parts[i]!.fields ?? [];
    const f = fields.findIndex((name) => path === name || path.startsWith(`${name}.`));
    return [i, f < 0 ? fields.length : f];
  };
  const after = ([a, b]: [number, number], [c, d]: [number, number]) => a > c || (a === c && b > d);
  for (const h of held) {
    if (placed.has(h.path)) continue;
    const at = placeOf(h.path);
    const before = list.findIndex((p) => after(placeOf(p.path), at));
    if (before < 0) list.push(asProblem(h));
    else list.splice(before, 0, asProblem(h));
  }
  return list;
}

/** The parts of the observation, in order, each with the paths that belong to it. */
export type Part = {
  id: string;
  title: string;
  href: string;
  owns: (path: string) => boolean;
  /** Its fields (a path or the start of one) in the order its page draws them, where known. */
  fields?: readonly string[];
};

/** The context page's fields, top to bottom (context-page.tsx). */
const contextFields = [
  'context.observedName',
  'context.observedRole',
  'context.caseId',
  'context.setting',
  'context.date',
  'context.startTime',
  'context.consent.given',
  'context.consent.byWhom',
  'context.consent.how',
  'context.consent.declinedParts',
] as const;

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
      title: contextTaskTitle(template.kind),
      href: `${base}/context`,
      owns: (p) => p.startsWith('context.'),
      fields: contextFields,
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
      fields: section.items.map((i) => `responses.${i.id}`),
    });
  }
  const seen = new Set<string>();
  for (const spec of template.summary) {
    const slug = summarySlug(spec.part);
    if (seen.has(slug)) continue;
    seen.add(slug);
    parts.push({
      id: `summary-${slug}`,
      title: summaryTaskTitle(spec),
      href: `${base}/${slug === 'calls' || slug === 'actions' ? slug : `summary/${slug}`}`,
      owns: summaryPaths[spec.part],
    });
  }
  return parts;
}

/**
 * Whether a part asks anything of a record whose consent answer is `given`: once nothing could be
 * asked (consent refused, a family never reached: completeness.ts `nothingAsked`) its questions
 * and summary are not, so the pages neither go to them nor list them; the set-up, the call
 * attempts and the improvement actions still are.
 */
export function partApplies(part: Part, template: Template, given: unknown): boolean {
  if (!nothingAsked(template, given)) return true;
  return part.id === 'context' || part.id === 'summary-calls' || part.id === 'summary-actions';
}

/**
 * The query a link from "Check your answers" carries (its Change links and its list of problems):
 * the page it opens then goes back there, as GOV.UK's pattern asks, rather than on to the next part.
 */
export const FROM_CHECK = 'from=check';

/** Where a part's "Save and continue" (and its back link) goes: back to check your answers when opened from there. */
export function continueHref(
  query: Record<string, string | undefined>,
  id: string,
  next: string | undefined,
): string {
  return query['from'] === 'check' || next === undefined ? `/observations/${id}/check` : next;
}

/** Where a problem is fixed: its part's page, showing its errors, at the field. */
export function problemHref(
  data: { template: Template; view: Pick<RecordView, 'id'> },
  path: string,
): string {
  const part = partsOf(data.template, data.view.id).find((p) => p.owns(path));
  const action = /^actions\.([^.]+)\./.exec(path);
  if (action) return `/observations/${data.view.id}/actions/${action[1]}?check=1#${fieldId(path)}`;
  if (path.startsWith('concerns.')) {
    return `/concerns/${path.split('.')[1]}?observation=${data.view.id}`;
  }
  return `${part?.href ?? `/observations/${data.view.id}`}?check=1#${fieldId(path)}`;
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
  problems: readonly Pick<Problem, 'path'>[],
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
  return londonDateOf(now);
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
