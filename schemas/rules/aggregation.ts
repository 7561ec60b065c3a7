import { DomainError, errorCodes, messages } from '../errors';
import type { Observation } from '../entities/observation';
import { findTemplateIn, templateItems } from '../entities/template';
import type { Template } from '../entities/template';
import { financialQuarter } from './quarters';

// Grade counts for reports. Pure, order-independent and additive:
//   tally(a ++ b) = mergeTallies(tally(a), tally(b))
// so counts can be built per device, per batch or per SQL GROUP BY and combined, and a server
// query can be checked row for row against `tallyRows`. Only non-zero counts appear. Grades are
// the stable keys stored on records (including "not-observed"); labels are added when shown.
//
// Which records count is the caller's choice (e.g. submitted, moderated and closed); deleted
// records never count.

/** `{ gradeKey: count }` */
export type GradeCounts = Record<string, number>;
/** `{ groupKey: { gradeKey: count } }` */
export type GradeTally = Record<string, GradeCounts>;

/** `items` counts every graded answer; `overall` counts each record's overall judgement. */
export type Measure = 'items' | 'overall';

export const UNDATED_GROUP = 'undated';

type GroupKey = (record: Observation) => string;

function add(tally: GradeTally, group: string, grade: string, n = 1): void {
  const counts = (tally[group] ??= {});
  counts[grade] = (counts[grade] ?? 0) + n;
}

function templateFor(record: Observation, templates: readonly Template[]): Template {
  const template = findTemplateIn(templates, record.templateId, record.templateVersion);
  if (!template) {
    throw new DomainError(
      errorCodes.TEMPLATE_UNKNOWN,
      messages.templateUnknown(record.templateId, record.templateVersion),
    );
  }
  return template;
}

/** Graded answers of one record, each with the section it sits in (in the record's version). */
function gradedAnswers(
  record: Observation,
  templates: readonly Template[],
): { sectionId: string; grade: string }[] {
  const template = templateFor(record, templates);
  const out: { sectionId: string; grade: string }[] = [];
  for (const { item, section } of templateItems(template)) {
    if (item.response.type !== 'grade4') continue;
    const value = record.responses[item.id]?.value;
    if (typeof value === 'string' && value.length > 0)
      out.push({ sectionId: section.id, grade: value });
  }
  return out;
}

export function tallyGrades(
  records: readonly Observation[],
  templates: readonly Template[],
  groupOf: GroupKey,
  measure: Measure,
): GradeTally {
  const tally: GradeTally = {};
  for (const record of records) {
    if (record.deleted) continue;
    if (measure === 'overall') {
      if (record.summary.overallGrade !== undefined) {
        add(tally, groupOf(record), record.summary.overallGrade);
      }
      continue;
    }
    for (const { grade } of gradedAnswers(record, templates)) add(tally, groupOf(record), grade);
  }
  return tally;
}

/** Item grades per section; groups are `templateId/sectionId`. */
export function gradeCountsBySection(
  records: readonly Observation[],
  templates: readonly Template[],
): GradeTally {
  const tally: GradeTally = {};
  for (const record of records) {
    if (record.deleted) continue;
    for (const { sectionId, grade } of gradedAnswers(record, templates)) {
      add(tally, `${record.templateId}/${sectionId}`, grade);
    }
  }
  return tally;
}

export function gradeCountsByTemplate(
  records: readonly Observation[],
  templates: readonly Template[],
  measure: Measure = 'items',
): GradeTally {
  return tallyGrades(records, templates, (r) => r.templateId, measure);
}

/** Grouped by practice group (`scopeId`). */
export function gradeCountsByPracticeGroup(
  records: readonly Observation[],
  templates: readonly Template[],
  measure: Measure = 'items',
): GradeTally {
  return tallyGrades(records, templates, (r) => r.scopeId, measure);
}

/** Grouped by the financial quarter of the observation date, e.g. `2026-27 Q1`. */
export function gradeCountsByQuarter(
  records: readonly Observation[],
  templates: readonly Template[],
  measure: Measure = 'items',
): GradeTally {
  return tallyGrades(
    records,
    templates,
    (r) => (r.context.date === undefined ? UNDATED_GROUP : financialQuarter(r.context.date).label),
    measure,
  );
}

export function mergeTallies(a: GradeTally, b: GradeTally): GradeTally {
  const out: GradeTally = {};
  for (const tally of [a, b]) {
    for (const [group, counts] of Object.entries(tally)) {
      for (const [grade, n] of Object.entries(counts)) add(out, group, grade, n);
    }
  }
  return out;
}

export type TallyRow = { group: string; grade: string; count: number };

/** Sorted rows, the shape a `GROUP BY group, grade` query returns. */
export function tallyRows(tally: GradeTally): TallyRow[] {
  const rows: TallyRow[] = [];
  for (const [group, counts] of Object.entries(tally)) {
    for (const [grade, count] of Object.entries(counts)) rows.push({ group, grade, count });
  }
  return rows.sort((x, y) =>
    x.group === y.group
      ? x.grade < y.grade
        ? -1
        : x.grade > y.grade
          ? 1
          : 0
      : x.group < y.group
        ? -1
        : 1,
  );
}
