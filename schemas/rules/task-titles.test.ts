import { describe, expect, test } from 'vitest';
import type { Template } from '../entities/template';
import { builtInTemplates } from '../templates/catalogue';
import { frontlinePracticeV1 } from '../templates/frontline-practice';
import { singleCaseAuditV1 } from '../templates/single-case-audit';
import {
  contextTaskTitle,
  isTaskTitleTaken,
  sectionsWithTakenTitles,
  summaryTaskTitle,
} from './task-titles';

const frontline = frontlinePracticeV1 as Template;
const renamed = (t: Template, index: number, title: string): Template => ({
  ...t,
  sections: t.sections.map((s, i) => (i === index ? { ...s, title } : s)),
});

describe('task titles', () => {
  test('every built-in checklist names each part of its task list once', () => {
    for (const t of builtInTemplates) expect(sectionsWithTakenTitles(t)).toEqual([]);
  });

  test('a summary part takes the template’s own name for it, or the usual one', () => {
    expect(summaryTaskTitle({ part: 'feedback', required: true })).toBe('Feedback conversation');
    expect(summaryTaskTitle(singleCaseAuditV1.summary.find((s) => s.part === 'feedback')!)).toBe(
      'Discussion with the social worker',
    );
    expect(contextTaskTitle('family-feedback-call')).toBe('About the call');
  });

  test('a section may keep its own title, but not take another part’s, whatever the case and spaces', () => {
    const first = frontline.sections[0]!;
    expect(isTaskTitleTaken(frontline, first.title, first.id)).toBe(false);
    expect(isTaskTitleTaken(frontline, first.title)).toBe(true);
    expect(isTaskTitleTaken(frontline, '  FEEDBACK conversation ', first.id)).toBe(true);
    expect(isTaskTitleTaken(frontline, 'About the observation', first.id)).toBe(true);
    expect(isTaskTitleTaken(frontline, 'Strengths and areas for development', first.id)).toBe(true);
    expect(isTaskTitleTaken(frontline, 'Supervision', first.id)).toBe(false);
  });

  test('both sections of one title are named, and a section named like a summary part', () => {
    const twice = renamed(frontline, 1, frontline.sections[0]!.title);
    expect(sectionsWithTakenTitles(twice).map((s) => s.id)).toEqual([
      frontline.sections[0]!.id,
      frontline.sections[1]!.id,
    ]);
    const judged = renamed(frontline, 2, 'Overall judgement');
    expect(sectionsWithTakenTitles(judged).map((s) => s.id)).toEqual([frontline.sections[2]!.id]);
  });
});
