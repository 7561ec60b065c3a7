import { isCalendarDate } from '../calendar/dates';
import type { FieldValue } from '../entities/field-value';
import { findGradeScale, builtInGradeScales } from '../entities/grade-scale';
import { OBSERVATION_KINDS } from '../entities/observation-kind';
import type { ObservationKind } from '../entities/observation-kind';
import { choicePath, responsePath } from '../entities/observation-fields';
import { findTemplateIn, templateItems } from '../entities/template';
import type { Template } from '../entities/template';
import { callOutcomeSchema } from '../entities/family-call-attempt';
import { goodPracticeWhatSchema } from '../entities/observation';
import type { CallOutcome } from '../entities/family-call-attempt';
import { quarterKeyOf } from '../rules/quarters';
import { dueDate, judgedTimescales } from '../timescales';
import type { LocalTimescales, TimescaleRule } from '../timescales';
import type { RecordType } from '../sync/records';
import { meetingTimescale } from '../rules/meeting-timescale';
import { moderatorAgrees } from '../rules/moderation-agreement';

// What one observation contributes to the quarterly report, read from records as they travel
// (flat field maps, sync/records.ts): the one definition of every figure's raw material. The
// server writes these facts to its reporting tables inside the push transaction and aggregates
// them in SQL; a tablet aggregates the same facts in memory (quarterly-report.ts). Decisions:
//
// - Which observations count: submitted at least once (submitted, returned, moderated, closed)
//   and not deleted. Drafts never count. An observation belongs to the financial quarter of its
//   observation date (`context.date`); an undated one is in no quarter.
// - Timeliness applies to the kinds that observe a meeting (CP conferences, looked-after
//   children's reviews): the meeting was held on the observation date, and the timescale is the
//   one started by the most recent context date the template captures for it (a strategy
//   discussion, the initial conference, the previous review...) on or before that day. No such
//   date, or one outside the covered calendar years, is "not recorded". The due date is worked
//   out with the timescales in force when the observation was first submitted, which the server
//   stamps on it (`submittedTimescales`), so changing a local timescale never judges a meeting
//   already reported again; an amendment changes the dates, never the stamp.
// - Moderation: the latest review comment (by arrival, then id) on each graded judgement (a
//   graded item, or the overall judgement) that the observer graded with a grade point, not "Not
//   observed". It agrees when the moderator's grade equals the observer's, or, when the moderator
//   gave no grade, when they said they agree (schemas/rules/moderation-agreement.ts, the
//   moderation page's rule too).
// - Good practice: acknowledged when a QA lead or head of service has recorded what was good (the
//   practice, the quality of the record, or both; schemas/rules/good-practice.ts), counted once
//   whichever it was. It is the observation's handling, added after submission by an ordinary
//   push, which rewrites the observation's report row like any other change.
// - Family feedback: the answers to every question of a family feedback call that is answered
//   from a fixed set (yes/partly/no, yes/no, a choice, the 0-10 scale; one per ticked option).

/** A record as a tablet holds it after pull, or as the server stores it. */
export type ReportRecord = {
  id: string;
  type: RecordType;
  scopeId: string;
  parentId: string | null;
  deleted: boolean;
  fields: Readonly<Record<string, FieldValue>>;
  /** When the record first reached the server (UTC): orders moderation comments. */
  createdAt: string;
};

export const COUNTED_STATUSES = ['submitted', 'returned', 'moderated', 'closed'] as const;

/** Kinds whose observation date is the day of a meeting that has a statutory timescale. */
export const MEETING_KINDS: readonly ObservationKind[] = [
  'cp-conference-chairing',
  'lac-review-chairing',
];

/** Item answers of a family feedback call that the report counts (fixed answer sets). */
const ANSWER_TYPES = new Set(['ypndk', 'ynna', 'choice', 'scale0to10']);

export type GradeFact = { itemId: string; sectionId: string; grade: string };
export type ActionFact = { actionId: string; status: string | null; dueDate: string | null };
export type AnswerFact = { itemId: string; answer: string };

export type ObservationFacts = {
  observationId: string;
  scopeId: string;
  kind: ObservationKind;
  templateId: string;
  templateVersion: number;
  /** The observation date (Europe/London), and its quarter key; null when undated. */
  date: string | null;
  quarter: string | null;
  overallGrade: string | null;
  grades: GradeFact[];
  /** True for the kinds that observe a meeting (timeliness applies). */
  meeting: boolean;
  timescaleRule: TimescaleRule | null;
  triggerDate: string | null;
  /** The last day the meeting was in time, under the timescales that judge it; null when unknown. */
  dueDate: string | null;
  moderated: number;
  agreed: number;
  /** Good practice acknowledged on it (of the practice, the record's quality, or both). */
  goodPractice: boolean;
  callAttempts: Record<CallOutcome, number>;
  actions: ActionFact[];
  answers: AnswerFact[];
};

export type FactsContext = {
  templates: readonly Template[];
  /**
   * The authority's local timescale variants now (local settings): they judge only an observation
   * that carries no stamp of its own. On the server every counted observation has one (stamped at
   * its first submission, or by migration 0026 for those submitted before); on a tablet a record
   * pulled before the server stamped it has none until its next pull.
   */
  timescales: LocalTimescales;
};

const str = (v: FieldValue | undefined): string | null =>
  typeof v === 'string' && v.length > 0 ? v : null;

function isKind(v: string | null): v is ObservationKind {
  return v !== null && (OBSERVATION_KINDS as readonly string[]).includes(v);
}

/** The due date of the meeting, or null when it cannot be worked out. */
function meetingDueDate(
  rule: TimescaleRule,
  triggerDate: string,
  timescales: LocalTimescales,
): string | null {
  try {
    return dueDate(rule, triggerDate, timescales);
  } catch {
    // Outside the covered calendar years, or a local variant that no longer parses.
    return null;
  }
}

function newestFirst(a: ReportRecord, b: ReportRecord): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/**
 * The facts of one observation with its child records (any order; others are ignored), or null
 * when it does not count in reports.
 */
export function observationFacts(
  observation: ReportRecord,
  children: readonly ReportRecord[],
  ctx: FactsContext,
): ObservationFacts | null {
  if (observation.type !== 'observation' || observation.deleted) return null;
  const f = observation.fields;
  const status = str(f['status']);
  if (!(COUNTED_STATUSES as readonly (string | null)[]).includes(status)) return null;
  const kind = str(f['kind']);
  const templateId = str(f['templateId']);
  const templateVersion = f['templateVersion'];
  if (!isKind(kind) || templateId === null || typeof templateVersion !== 'number') return null;

  const date = isCalendarDate(f['context.date']) ? (f['context.date'] as string) : null;
  const template = findTemplateIn(ctx.templates, templateId, templateVersion);
  const scale = template ? findGradeScale(template.gradeScaleId, builtInGradeScales) : undefined;
  const overallGrade = str(f['summary.overallGrade']);

  const grades: GradeFact[] = [];
  const answers: AnswerFact[] = [];
  for (const { item, section } of template ? templateItems(template) : []) {
    const value = f[responsePath(item.id, 'value')];
    if (item.response.type === 'grade4') {
      const grade = str(value);
      if (grade !== null) grades.push({ itemId: item.id, sectionId: section.id, grade });
      continue;
    }
    if (kind !== 'family-feedback-call' || !ANSWER_TYPES.has(item.response.type)) continue;
    if (item.response.type === 'choice' && item.response.multiple) {
      for (const option of item.response.options) {
        if (f[choicePath(item.id, option.key)] === true)
          answers.push({ itemId: item.id, answer: option.key });
      }
      continue;
    }
    if (typeof value === 'number' && Number.isFinite(value))
      answers.push({ itemId: item.id, answer: String(value) });
    else if (str(value) !== null) answers.push({ itemId: item.id, answer: value as string });
  }

  const meeting = MEETING_KINDS.includes(kind);
  const trigger = meeting && template ? meetingTimescale(template, (p) => f[p], date) : null;
  const due =
    trigger && trigger.from !== null
      ? meetingDueDate(
          trigger.rule,
          trigger.from,
          judgedTimescales(f['submittedTimescales'], ctx.timescales),
        )
      : null;

  // Moderation: the latest comment on each judgement the observer graded with a grade point.
  const notObserved = scale?.notObserved.key;
  const observerGrade = new Map<string, string>();
  for (const g of grades) if (g.grade !== notObserved) observerGrade.set(g.itemId, g.grade);
  if (overallGrade !== null && overallGrade !== notObserved) observerGrade.set('', overallGrade);
  const latest = new Map<string, ReportRecord>();
  const live = children.filter((c) => !c.deleted && c.parentId === observation.id);
  for (const c of live.filter((r) => r.type === 'review-comment').sort(newestFirst)) {
    const itemId = str(c.fields['itemId']) ?? '';
    if (!latest.has(itemId)) latest.set(itemId, c);
  }
  let moderated = 0;
  let agreed = 0;
  for (const [itemId, comment] of latest) {
    const theirs = observerGrade.get(itemId);
    if (theirs === undefined) continue;
    const agrees = moderatorAgrees(
      theirs,
      comment.fields['moderatorGrade'],
      comment.fields['agrees'],
    );
    if (agrees === undefined) continue;
    moderated += 1;
    if (agrees) agreed += 1;
  }

  const callAttempts = Object.fromEntries(callOutcomeSchema.options.map((o) => [o, 0])) as Record<
    CallOutcome,
    number
  >;
  for (const c of live) {
    if (c.type !== 'call-attempt') continue;
    const outcome = str(c.fields['outcome']);
    if (outcome !== null && Object.hasOwn(callAttempts, outcome))
      callAttempts[outcome as CallOutcome] += 1;
  }

  const actions: ActionFact[] = live
    .filter((c) => c.type === 'action')
    .map((c) => ({
      actionId: c.id,
      status: str(c.fields['status']),
      dueDate: isCalendarDate(c.fields['dueDate']) ? (c.fields['dueDate'] as string) : null,
    }))
    .sort((a, b) => (a.actionId < b.actionId ? -1 : 1));

  return {
    observationId: observation.id,
    scopeId: observation.scopeId,
    kind,
    templateId,
    templateVersion,
    date,
    quarter: date === null ? null : quarterKeyOf(date),
    overallGrade,
    grades,
    meeting,
    timescaleRule: trigger?.rule ?? null,
    triggerDate: trigger?.from ?? null,
    dueDate: due,
    moderated,
    agreed,
    goodPractice: goodPracticeWhatSchema.safeParse(f['goodPractice.what']).success,
    callAttempts,
    actions,
    answers,
  };
}

/** Groups records by observation and returns the facts of every observation that counts. */
export function factsFromRecords(
  records: readonly ReportRecord[],
  ctx: FactsContext,
): ObservationFacts[] {
  const children = new Map<string, ReportRecord[]>();
  for (const r of records) {
    if (r.type === 'observation' || r.parentId === null) continue;
    const list = children.get(r.parentId) ?? [];
    list.push(r);
    children.set(r.parentId, list);
  }
  const out: ObservationFacts[] = [];
  for (const r of records) {
    if (r.type !== 'observation') continue;
    const facts = observationFacts(r, children.get(r.id) ?? [], ctx);
    if (facts) out.push(facts);
  }
  return out;
}
