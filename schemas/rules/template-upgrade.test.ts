import { describe, expect, test } from 'vitest';
import { templateSchema } from '../entities/template';
import type { Template, TemplateItem, TemplateSection } from '../entities/template';
import { parseWith } from '../field-errors';
import {
  builtInTemplates,
  findTemplate,
  hasNewerVersion,
  latestTemplate,
} from '../templates/catalogue';
import { draftFor } from '../testing/fixtures';
import { parseObservation } from './validate-observation';
import { upgradeDraft, upgradeLosesAnswers } from './template-upgrade';

const v1 = findTemplate('cp-conference-chairing', 1)!;

function item(section: TemplateSection, id: string): TemplateItem {
  const found = section.items.find((i) => i.id === id);
  if (!found) throw new Error(`no ${id}`);
  return found;
}

/**
 * Version 2 of the CP chairing template, as a future release might ship it:
 * - `dissent-recorded` moves from Decision to a new section, Recording;
 * - `reports-shared-when` (a choice) is dropped, and so is `sos-safety-scale`;
 * - `family-spoke-early` is reworded;
 * - `interpreter-adjustments` changes from yes/no to a grade;
 * - `reports-shared-days` and `minutes-circulated` are new.
 */
function buildV2(): Template {
  const sections = structuredClone(v1.sections);
  const prep = sections.find((s) => s.id === 'preparation')!;
  const participation = sections.find((s) => s.id === 'participation')!;
  const analysis = sections.find((s) => s.id === 'analysis')!;
  const decision = sections.find((s) => s.id === 'decision')!;

  const dissent = item(decision, 'dissent-recorded');
  decision.items = decision.items.filter((i) => i.id !== 'dissent-recorded');
  prep.items = prep.items.filter((i) => i.id !== 'reports-shared-when');
  prep.items.push({
    ...item(prep, 'reports-shared-in-advance'),
    id: 'reports-shared-days',
    prompt: 'How many working days before the conference were the reports shared?',
    response: { type: 'scale0to10', lowLabel: 'On the day', highLabel: '10 or more' },
    evidence: 'optional',
  });
  analysis.items = analysis.items.filter((i) => i.id !== 'sos-safety-scale');
  item(participation, 'family-spoke-early').prompt =
    'The family spoke early, fully and were understood';
  const interpreter = item(participation, 'interpreter-adjustments');
  interpreter.response = { type: 'grade4' };

  sections.push({
    id: 'recording',
    title: 'Recording',
    items: [
      dissent,
      {
        ...dissent,
        id: 'minutes-circulated',
        prompt: 'The chair agreed when the record of the conference will be circulated',
        required: false,
      },
    ],
  });
  return { ...v1, version: 2, sections };
}

const v2 = buildV2();
const catalogue = [...builtInTemplates, v2];

function answeredDraft() {
  const record = draftFor(v1);
  record.context.caseId = 'CS-20931';
  record.responses['dissent-recorded'] = { value: 'yes' };
  record.responses['family-spoke-early'] = { value: 'good', evidence: 'Mother spoke first.' };
  record.responses['reports-shared-when'] = {
    value: 'on-the-day',
    evidence: 'Handed over at 9am.',
  };
  record.responses['interpreter-adjustments'] = { value: 'not-applicable' };
  record.responses['quorate'] = { value: 'no', evidence: 'Police did not attend.' };
  return record;
}

describe('template versions', () => {
  test('the test’s version 2 is a valid template', () => {
    const parsed = parseWith(templateSchema, v2);
    expect(parsed.ok ? [] : parsed.errors).toEqual([]);
  });

  test('a draft made under version 1 still opens under version 1 after version 2 exists', () => {
    const record = answeredDraft();
    expect(latestTemplate(v1.id, catalogue)?.version).toBe(2);
    expect(hasNewerVersion(record, catalogue)).toBe(true);
    const opened = findTemplate(record.templateId, record.templateVersion, catalogue);
    expect(opened).toBe(v1);
    expect(parseObservation(JSON.parse(JSON.stringify(record)), catalogue)).toEqual({
      ok: true,
      value: record,
    });
  });
});

describe('upgradeDraft', () => {
  const { record, report } = upgradeDraft(answeredDraft(), v1, v2);

  test('the record is pinned to the new version and still valid', () => {
    expect(record.templateVersion).toBe(2);
    expect(parseObservation(JSON.parse(JSON.stringify(record)), catalogue).ok).toBe(true);
  });

  test('reports what moved', () => {
    expect(report.moved).toEqual([
      {
        itemId: 'dissent-recorded',
        prompt: 'Dissent was recorded in full',
        fromSection: 'decision',
        toSection: 'recording',
      },
    ]);
  });

  test('reports what is new', () => {
    expect(report.added).toEqual([
      {
        itemId: 'reports-shared-days',
        sectionId: 'preparation',
        prompt: 'How many working days before the conference were the reports shared?',
        required: true,
      },
      {
        itemId: 'minutes-circulated',
        sectionId: 'recording',
        prompt: 'The chair agreed when the record of the conference will be circulated',
        required: false,
      },
    ]);
  });

  test('reports what was dropped, keeping the answers so nothing is lost silently', () => {
    expect(report.dropped).toEqual([
      {
        itemId: 'reports-shared-when',
        sectionId: 'preparation',
        prompt: 'How far ahead were the reports shared?',
        hadAnswer: true,
        value: 'on-the-day',
        evidence: 'Handed over at 9am.',
      },
      {
        itemId: 'sos-safety-scale',
        sectionId: 'analysis',
        prompt: 'Signs of Safety: the conference’s safety scaling, if one was taken',
        hadAnswer: false,
      },
    ]);
    expect(record.responses['reports-shared-when']).toBeUndefined();
    expect(upgradeLosesAnswers(report)).toBe(true);
  });

  test('reports rewording', () => {
    expect(report.reworded).toEqual([
      {
        itemId: 'family-spoke-early',
        before: 'Family spoke early and fully',
        after: 'The family spoke early, fully and were understood',
      },
    ]);
  });

  test('an answer that no longer fits its question is cleared and reported', () => {
    expect(report.responseChanged).toEqual([
      {
        itemId: 'interpreter-adjustments',
        prompt: 'An interpreter or other adjustments were provided where needed',
        valueCleared: true,
        evidenceCleared: false,
        value: 'not-applicable',
      },
    ]);
    expect(record.responses['interpreter-adjustments']).toBeUndefined();
  });

  test('answers to unchanged and moved questions are kept as they were', () => {
    expect(record.responses['quorate']).toEqual({
      value: 'no',
      evidence: 'Police did not attend.',
    });
    expect(record.responses['dissent-recorded']).toEqual({ value: 'yes' });
    expect(record.responses['family-spoke-early']).toEqual({
      value: 'good',
      evidence: 'Mother spoke first.',
    });
    expect(record.context.caseId).toBe('CS-20931');
  });

  test('the original draft is not changed', () => {
    const draft = answeredDraft();
    const before = structuredClone(draft);
    upgradeDraft(draft, v1, v2);
    expect(draft).toEqual(before);
  });

  test('an upgrade that loses nothing says so', () => {
    const { report: clean } = upgradeDraft(draftFor(v1), v1, v2);
    expect(clean.dropped.every((d) => !d.hadAnswer)).toBe(true);
    expect(upgradeLosesAnswers(clean)).toBe(false);
  });

  test('refuses anything but a draft, the wrong template, or an older version', () => {
    const submitted = {
      ...answeredDraft(),
      status: 'submitted' as const,
      submittedAt: '2026-05-12T10:15:00Z',
    };
    expect(() => upgradeDraft(submitted, v1, v2)).toThrow(
      'Only a draft can be upgraded; this one is submitted',
    );
    const other = findTemplate('lac-review-chairing', 1)!;
    expect(() => upgradeDraft(answeredDraft(), v1, other)).toThrow(
      'Cannot upgrade cp-conference-chairing to lac-review-chairing',
    );
    expect(() => upgradeDraft(answeredDraft(), v1, v1)).toThrow(
      'Version 1 is not newer than version 1',
    );
    expect(() => upgradeDraft(answeredDraft(), v2, v2)).toThrow(
      'The record is pinned to cp-conference-chairing v1, not cp-conference-chairing v2',
    );
  });
});
