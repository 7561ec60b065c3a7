import { describe, expect, test } from 'vitest';
import { amendmentSchema } from '../entities/amendment';
import { parseWith } from '../field-errors';
import { timescalesStamp } from '../timescales';
import { findTemplate } from '../templates/catalogue';
import { NOW, completeFor, testId } from '../testing/fixtures';
import fc from 'fast-check';
import { checkAmendmentFields } from '../entities/amendment';
import { flattenEntity } from '../entities/entity-fields';
import { childContentOf, diffChildRows, diffObservations, needsAmendment } from './amendment-diff';
import type { ChildRowState } from './amendment-diff';

const frontline = findTemplate('frontline-practice', 1)!;

describe('amendments after submission', () => {
  test('drafts need no amendment; submitted and moderated records do; returned ones are edited', () => {
    const record = completeFor(frontline);
    expect(needsAmendment(record)).toBe(false);
    expect(needsAmendment({ ...record, status: 'submitted', submittedAt: NOW })).toBe(true);
    expect(needsAmendment({ ...record, status: 'moderated', submittedAt: NOW })).toBe(true);
    expect(needsAmendment({ ...record, status: 'returned', submittedAt: NOW })).toBe(false);
  });

  test('the diff lists each changed field with before and after, ignoring updatedAt', () => {
    const before = completeFor(frontline);
    const after = structuredClone(before);
    after.updatedAt = '2026-05-13T09:00:00Z';
    after.summary.overallGrade = 'outstanding';
    delete after.summary.reflection;
    after.responses['direct-work-tools'] = { choices: { 'three-houses': true, scaling: true } };
    after.context.startTime = '10:30';
    expect(diffObservations(before, after)).toEqual([
      { path: 'context.startTime', before: '10:00', after: '10:30' },
      { path: 'responses.direct-work-tools.choices.scaling', before: null, after: true },
      {
        path: 'responses.direct-work-tools.evidence',
        before: 'Evidence for direct-work-tools',
        after: null,
      },
      { path: 'summary.overallGrade', before: 'good', after: 'outstanding' },
      { path: 'summary.reflection', before: 'I found it useful.', after: null },
    ]);
  });

  test('the timescales the server stamps, pulled in while amending, are not a change of the amendment', () => {
    const before = { ...completeFor(frontline), status: 'submitted' as const, submittedAt: NOW };
    const after = structuredClone(before);
    after.submittedTimescales = timescalesStamp({});
    expect(diffObservations(before, after)).toEqual([]);
    after.summary.overallGrade = 'outstanding';
    expect(diffObservations(before, after)).toEqual([
      { path: 'summary.overallGrade', before: 'good', after: 'outstanding' },
    ]);
  });

  test('a head of service’s discussion of an audit, pulled in while amending, is not a change of the amendment', () => {
    const before = { ...completeFor(frontline), status: 'submitted' as const, submittedAt: NOW };
    const after = structuredClone(before);
    after.sampleDiscussion = { heldOn: '2026-05-20', note: 'Discussed with the team manager.' };
    expect(diffObservations(before, after)).toEqual([]);
  });

  test('good practice acknowledged by a QA lead, pulled in while amending, is not a change of the amendment', () => {
    const before = { ...completeFor(frontline), status: 'submitted' as const, submittedAt: NOW };
    const after = structuredClone(before);
    after.goodPractice = {
      what: 'practice',
      note: 'A warm, clear explanation of the plan.',
      by: 'u-lead',
      byName: 'Sam Lead',
      on: '2026-05-20',
    };
    expect(diffObservations(before, after)).toEqual([]);
  });

  test('the practitioner’s own response, pulled in while amending, is not a change of the amendment', () => {
    const before = { ...completeFor(frontline), status: 'submitted' as const, submittedAt: NOW };
    const after = structuredClone(before);
    after.practitionerResponse = 'I will ask the children first next time.';
    expect(diffObservations(before, after)).toEqual([]);
  });

  test('no change, no diff', () => {
    const record = completeFor(frontline);
    expect(diffObservations(record, structuredClone(record))).toEqual([]);
  });

  test('an amendment row needs a reason and at least one change', () => {
    const row = {
      id: testId(60),
      observationId: testId(1),
      at: NOW,
      by: testId(900),
      reason: ' ',
      changes: [],
    };
    const result = parseWith(amendmentSchema, row);
    expect(result.ok ? [] : result.errors).toEqual([
      { path: 'reason', code: 'FIELD_REQUIRED', message: 'This field cannot be blank' },
      {
        path: 'changes',
        code: 'INVALID',
        message: 'An amendment must change at least one answer, action or call attempt',
      },
    ]);
    const good = parseWith(amendmentSchema, {
      ...row,
      reason: 'Corrected the time after checking the diary',
      changes: [{ path: 'context.startTime', before: '10:00', after: '10:30' }],
    });
    expect(good.ok).toBe(true);
  });
});

describe('what an amendment changed in the actions and call attempts', () => {
  const action = (id: string, what: string | null, extra: Record<string, string> = {}) => ({
    id,
    type: 'action',
    fields: { ...(what === null ? {} : { what }), status: 'open', ...extra },
  });
  const call = (id: string, fields: Record<string, string>) => ({
    id,
    type: 'call-attempt',
    fields,
  });

  test.each([
    {
      case: 'an action added',
      before: [],
      after: [action('action-0002', 'Book the review')],
      changes: [
        {
          recordType: 'action',
          recordId: 'action-0002',
          path: 'what',
          before: null,
          after: 'Book the review',
        },
      ],
    },
    {
      case: 'an action removed',
      before: [action('action-0001', 'Visit weekly')],
      after: [],
      changes: [
        {
          recordType: 'action',
          recordId: 'action-0001',
          path: 'what',
          before: 'Visit weekly',
          after: null,
        },
      ],
    },
    {
      case: 'an action reworded; its tracking moved on too, which is not content',
      before: [action('action-0001', 'Visit weekly')],
      after: [action('action-0001', 'Visit twice a week', { status: 'done', ownerName: 'Ann' })],
      changes: [
        {
          recordType: 'action',
          recordId: 'action-0001',
          path: 'what',
          before: 'Visit weekly',
          after: 'Visit twice a week',
        },
      ],
    },
    {
      case: 'only tracking changed: nothing',
      before: [action('action-0001', 'Visit weekly')],
      after: [action('action-0001', 'Visit weekly', { status: 'done' })],
      changes: [],
    },
    {
      case: 'a call attempt added and another’s note changed',
      before: [call('attempt-0001', { at: '2026-05-01T09:00:00.000Z', outcome: 'no-answer' })],
      after: [
        call('attempt-0001', {
          at: '2026-05-01T09:00:00.000Z',
          outcome: 'no-answer',
          note: 'Voicemail',
        }),
        call('attempt-0002', { at: '2026-05-02T09:00:00.000Z', outcome: 'completed' }),
      ],
      changes: [
        {
          recordType: 'call-attempt',
          recordId: 'attempt-0001',
          path: 'note',
          before: null,
          after: 'Voicemail',
        },
        {
          recordType: 'call-attempt',
          recordId: 'attempt-0002',
          path: 'at',
          before: null,
          after: '2026-05-02T09:00:00.000Z',
        },
        {
          recordType: 'call-attempt',
          recordId: 'attempt-0002',
          path: 'outcome',
          before: null,
          after: 'completed',
        },
      ],
    },
    {
      case: 'other kinds of child row are not content',
      before: [],
      after: [{ id: 'comment-0001', type: 'review-comment', fields: { reason: 'x' } }],
      changes: [],
    },
  ])('$case', ({ before, after, changes }) => {
    expect(diffChildRows(before as ChildRowState[], after as ChildRowState[])).toEqual(changes);
    // What the amendment keeps when it begins gives the same answer.
    expect(
      diffChildRows(childContentOf(before as ChildRowState[]), after as ChildRowState[]),
    ).toEqual(changes);
  });

  const rows = fc
    .uniqueArray(
      fc.record({
        id: fc.constantFrom('action-0001', 'action-0002', 'attempt-0001', 'attempt-0002'),
        what: fc.option(fc.constantFrom('a', 'b'), { nil: null }),
        note: fc.option(fc.constantFrom('x', 'y'), { nil: null }),
      }),
      { selector: (r) => r.id },
    )
    .map((list) =>
      list.map(({ id, what, note }): ChildRowState =>
        id.startsWith('action')
          ? { id, type: 'action', fields: what === null ? {} : { what } }
          : { id, type: 'call-attempt', fields: note === null ? {} : { note } },
      ),
    );

  test('the order rows are listed in does not matter; no change, no entries; every entry differs and undoing it gives back before', () => {
    fc.assert(
      fc.property(rows, rows, (before, after) => {
        const changes = diffChildRows(before, after);
        expect(diffChildRows([...before].reverse(), [...after].reverse())).toEqual(changes);
        expect(diffChildRows(before, before)).toEqual([]);
        for (const c of changes) expect(c.before).not.toEqual(c.after);
        const reversed = diffChildRows(after, before);
        expect(reversed.map((c) => ({ ...c, before: c.after, after: c.before }))).toEqual(changes);
      }),
    );
  });

  test('a row written by this release, with only child changes, is an amendment; one written before, with field changes only, still is', () => {
    const base = { observationId: testId(1), at: NOW, by: testId(900), reason: 'Added an action' };
    const childOnly = flattenEntity({
      ...base,
      changes: [],
      childChanges: [
        { recordType: 'action', recordId: testId(7), path: 'what', before: null, after: 'Book it' },
      ],
    });
    expect(checkAmendmentFields(childOnly)).toEqual([]);
    const older = flattenEntity({
      ...base,
      changes: [{ path: 'summary.strengths', before: 'a', after: 'b' }],
    });
    expect(checkAmendmentFields(older)).toEqual([]);
    expect(checkAmendmentFields(flattenEntity({ ...base, changes: [] }))).toEqual([
      expect.objectContaining({ path: 'changes', code: 'INVALID' }),
    ]);
    expect(
      checkAmendmentFields({ ...childOnly, 'childChanges.0.recordType': 'review-comment' }),
    ).toEqual([expect.objectContaining({ path: 'childChanges.0.recordType' })]);
  });
});
