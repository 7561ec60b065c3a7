// The names of an observation's tasks on the tablet's task list: what it is about, each section,
// then each summary part. One source for the task list and for the rule that a checklist never
// names two tasks alike: two links of one name, going to different pages, cannot be told apart
// (WCAG 2.4.4), and a person cannot say which one they meant.
import type { ObservationKind } from '../entities/observation-kind';
import type { SummaryPart, SummaryPartSpec, Template } from '../entities/template';

const SUMMARY_PART_TITLES: Record<SummaryPart, string> = {
  strengths: 'Strengths and areas for development',
  'areas-for-development': 'Strengths and areas for development',
  'overall-judgement': 'Overall judgement',
  feedback: 'Feedback conversation',
  reflection: 'Reflection',
  'family-voice': 'The family’s feedback',
  'call-attempts': 'Call attempts',
  'improvement-plan': 'Improvement actions',
};

/** The first task: the context of the record, named for its kind. */
export function contextTaskTitle(kind: ObservationKind): string {
  if (kind === 'family-feedback-call') return 'About the call';
  if (kind === 'single-case-audit') return 'About the audit';
  return 'About the observation';
}

/** A summary part's task: the template's own name for it, or the usual one. */
export function summaryTaskTitle(spec: SummaryPartSpec): string {
  return spec.label ?? SUMMARY_PART_TITLES[spec.part];
}

const same = (title: string) => title.trim().toLocaleLowerCase('en-GB');

/**
 * The task names a section of this template may not take: every other task's. The summary parts
 * that share a page (strengths and areas for development) are one task.
 */
export function takenTaskTitles(template: Template, sectionId?: string): Set<string> {
  return new Set([
    same(contextTaskTitle(template.kind)),
    ...template.sections.filter((s) => s.id !== sectionId).map((s) => same(s.title)),
    ...template.summary.map((spec) => same(summaryTaskTitle(spec))),
  ]);
}

/** Whether a section may be called this: no other task of the template is. */
export function isTaskTitleTaken(template: Template, title: string, sectionId?: string): boolean {
  return takenTaskTitles(template, sectionId).has(same(title));
}

/** The sections whose title another task of the template already has. */
export function sectionsWithTakenTitles(template: Template): Template['sections'] {
  return template.sections.filter((s) => isTaskTitleTaken(template, s.title, s.id));
}
