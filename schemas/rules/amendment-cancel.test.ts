import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { FieldValue } from '../entities/field-value';
import { isAmendableContentPath, planAmendmentCancel } from './amendment-cancel';

describe('cancelling an amendment', () => {
  type Fields = Record<string, FieldValue>;
  test.each<{
    case: string;
    before: Fields;
    now: Fields;
    wrote: Fields | undefined;
    revert: Fields;
    changedSince: unknown[];
  }>([
    {
      case: 'a field the amendment changed, still as it left it, goes back',
      before: { 'summary.strengths': 'As submitted.' },
      now: { 'summary.strengths': 'Amended.' },
      wrote: { 'summary.strengths': 'Amended.' },
      revert: { 'summary.strengths': 'As submitted.' },
      changedSince: [],
    },
    {
      case: 'a field the amendment filled in that was empty is emptied',
      before: {},
      now: { 'context.setting': 'Home' },
      wrote: { 'context.setting': 'Home' },
      revert: { 'context.setting': null },
      changedSince: [],
    },
    {
      case: 'a field the amendment rubbed out is filled in again',
      before: { 'summary.overallGrade': 'good' },
      now: {},
      wrote: { 'summary.overallGrade': null },
      revert: { 'summary.overallGrade': 'good' },
      changedSince: [],
    },
    {
      case: 'a field changed and changed back needs nothing',
      before: { 'summary.strengths': 'As submitted.' },
      now: { 'summary.strengths': 'As submitted.' },
      wrote: { 'summary.strengths': 'As submitted.' },
      revert: {},
      changedSince: [],
    },
    {
      case: 'a field someone else changed after the amendment did is left and shown',
      before: { 'summary.strengths': 'As submitted.' },
      now: { 'summary.strengths': 'Amended, and merged with another tablet’s words.' },
      wrote: { 'summary.strengths': 'Amended.' },
      revert: {},
      changedSince: [
        {
          path: 'summary.strengths',
          before: 'As submitted.',
          ours: 'Amended.',
          now: 'Amended, and merged with another tablet’s words.',
        },
      ],
    },
    {
      case: 'a field the amendment never touched is not its to put back',
      before: { 'context.caseId': 'AB-1' },
      now: { 'context.caseId': 'AB-2', 'summary.strengths': 'Amended.' },
      wrote: { 'summary.strengths': 'Amended.' },
      revert: { 'summary.strengths': null },
      changedSince: [],
    },
    {
      case: 'handling and bookkeeping are never put back, even from an older session that kept no record of its edits',
      before: {
        status: 'submitted',
        updatedAt: 'a',
        'summary.reflection': 'x',
        'summary.strengths': 'S',
      },
      now: {
        status: 'moderated',
        updatedAt: 'b',
        'summary.reflection': 'y',
        'summary.strengths': 'T',
      },
      wrote: undefined,
      revert: { 'summary.strengths': 'S' },
      changedSince: [],
    },
  ])('$case', ({ before, now, wrote, revert, changedSince }) => {
    const plan = planAmendmentCancel(before, now, wrote);
    expect(plan).toEqual({ revert, changedSince });
  });

  test('content paths are the observer’s record, not its handling or bookkeeping', () => {
    for (const p of ['context.caseId', 'responses.B1.value', 'summary.strengths', 'family.name'])
      expect(isAmendableContentPath(p)).toBe(true);
    for (const p of ['status', 'summary.reflection', 'sharedWithPractitioner', 'updatedAt'])
      expect(isAmendableContentPath(p)).toBe(false);
    for (const p of ['submittedTimescales.x', 'submittedAt', 'summary', 'ownerId'])
      expect(isAmendableContentPath(p)).toBe(false);
  });

  const paths = fc.constantFrom('summary.strengths', 'context.setting', 'responses.B1.value');
  const value = fc.option(fc.constantFrom('a', 'b', 'c'), { nil: null });
  const fields = fc.dictionary(paths, value);

  test('after its plan is applied, every field the amendment touched is as before or listed as changed since; nothing else moves; a second cancel has nothing to do', () => {
    fc.assert(
      fc.property(fields, fields, fields, (before, now, wrote) => {
        const plan = planAmendmentCancel(before, now, wrote);
        const after = { ...now, ...plan.revert };
        const since = new Set(plan.changedSince.map((c) => c.path));
        for (const path of Object.keys(wrote)) {
          if (!since.has(path)) expect(after[path] ?? null).toEqual(before[path] ?? null);
          else expect(after[path]).toEqual(now[path]);
        }
        for (const path of Object.keys(after))
          if (!(path in wrote)) expect(after[path]).toEqual(now[path]);
        // Only a field holding what the amendment wrote is written over.
        for (const path of Object.keys(plan.revert))
          expect(now[path] ?? null).toEqual(wrote[path] ?? null);
        const again = planAmendmentCancel(before, after, { ...wrote, ...plan.revert });
        expect(again.revert).toEqual({});
        expect(again.changedSince).toEqual(plan.changedSince);
      }),
    );
  });
});
