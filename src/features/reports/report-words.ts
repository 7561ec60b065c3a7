// Words for the figures of a report: grade, answer, outcome and item names, and percentages.
import type { GradeScale } from '../../../schemas/entities/grade-scale';
import { answerLabels } from '../../../schemas/entities/response-spec';
import type { CallOutcome } from '../../../schemas/entities/family-call-attempt';
import { findItem } from '../../../schemas/entities/template';
import type { Template } from '../../../schemas/entities/template';
import {
  financialQuarter,
  parseQuarterKey,
  quarterKey,
  quartersBetween,
} from '../../../schemas/rules/quarters';
import { formatMonth } from '../../lib/observation-records';

export const outcomeWords: Record<CallOutcome, string> = {
  'no-answer': 'No answer',
  'call-back': 'Asked to be called back',
  declined: 'Declined to take part',
  completed: 'Completed',
};

export function gradeWord(scale: GradeScale, key: string): string {
  if (key === scale.notObserved.key) return scale.notObserved.label;
  return scale.points.find((p) => p.key === key)?.label ?? key;
}

/** Grade keys best first, then "not observed", then any key the scale does not know. */
export function gradeOrder(scale: GradeScale, counts: Record<string, number>): string[] {
  const known = [...scale.points].sort((a, b) => a.rank - b.rank).map((p) => p.key);
  known.push(scale.notObserved.key);
  return [
    ...known,
    ...Object.keys(counts)
      .filter((k) => !known.includes(k))
      .sort(),
  ];
}

export function answerWord(template: Template | undefined, itemId: string, key: string): string {
  const located = template ? findItem(template, itemId) : undefined;
  const spec = located?.item.response;
  if (spec?.type === 'choice') return spec.options.find((o) => o.key === key)?.label ?? key;
  return answerLabels[key as keyof typeof answerLabels] ?? key;
}

/** The newest version of a template id among those the tablet holds. */
export function templateById(templates: readonly Template[], id: string): Template | undefined {
  return templates.filter((t) => t.id === id).sort((a, b) => b.version - a.version)[0];
}

export function itemWord(
  templates: readonly Template[],
  templateId: string,
  itemId: string,
): string {
  const t = templateById(templates, templateId);
  return (t && findItem(t, itemId)?.item.prompt) ?? itemId;
}

export function sectionWord(
  templates: readonly Template[],
  templateId: string,
  sectionId: string,
): string {
  const t = templateById(templates, templateId);
  const section = t?.sections.find((s) => s.id === sectionId);
  return section ? `${t?.title ?? templateId}: ${section.title}` : sectionId;
}

export function percent(part: number, whole: number): string {
  return whole === 0 ? '–' : `${Math.round((part / whole) * 100)}%`;
}

/** The quarters a person can choose: the last three financial years up to the current quarter. */
export function quarterChoices(today: string): { value: string; label: string }[] {
  const current = financialQuarter(today);
  const first = parseQuarterKey(quarterKey({ startYear: current.startYear - 2, quarter: 1 }))!;
  return quartersBetween(first.start, current.start)
    .map((q) => ({ value: quarterKey(q), label: `${q.label} (${monthRange(q.start, q.end)})` }))
    .reverse();
}

/** "April to June 2026"; the first month's year too when it is not the last's. */
function monthRange(start: string, end: string): string {
  const sameYear = start.slice(0, 4) === end.slice(0, 4);
  return `${formatMonth(start, { year: !sameYear })} to ${formatMonth(end)}`;
}

/** The months from one quarter key to another cover: "April 2026 to March 2027". */
export function quartersInMonths(from: string, to: string): string {
  const first = parseQuarterKey(from);
  const last = parseQuarterKey(to);
  return first && last ? monthRange(first.start, last.end) : `${from} to ${to}`;
}

export function defaultRange(today: string): { from: string; to: string } {
  const current = financialQuarter(today);
  return {
    from: quarterKey({ startYear: current.startYear, quarter: 1 }),
    to: quarterKey(current),
  };
}
