import { describe, expect, test } from 'vitest';
import type { FieldValue } from '../entities/field-value';
import { cpConferenceChairingV1 } from '../templates/cp-conference-chairing';
import { lacReviewChairingV1 } from '../templates/lac-review-chairing';
import fc from 'fast-check';
import { addDays } from '../calendar/dates';
import { responsePath } from '../entities/observation-fields';
import { TriggerAfterMeetingError, timeliness } from '../timescales';
import type { TimescaleRule } from '../timescales';
import { singleCaseAuditV1 } from '../templates/single-case-audit';
import { itemApplies, meetingTimescale, triggersAfterMeeting } from './meeting-timescale';

const at = (fields: Record<string, FieldValue>) => (path: string) => fields[path];
const v = (id: string) => `responses.${id}.value`;

describe('the timescale a meeting is judged by', () => {
  test('a third looked-after review is judged from the previous review, whatever else is entered', () => {
    const fields = {
      [v('review-number')]: 'third-or-later',
      [v('date-became-looked-after')]: '2025-01-06',
      [v('first-review-date')]: '2025-02-03',
      [v('previous-review-date')]: '2025-10-20',
    };
    expect(meetingTimescale(lacReviewChairingV1, at(fields), '2026-04-20')).toEqual({
      rule: 'next-cla-review',
      from: '2025-10-20',
      itemId: 'previous-review-date',
    });
  });

  test('a second review with only the looked-after date entered is not recorded, not late against the first review’s rule', () => {
    const fields = {
      [v('review-number')]: 'second',
      [v('date-became-looked-after')]: '2026-01-05',
    };
    expect(meetingTimescale(lacReviewChairingV1, at(fields), '2026-04-20')).toEqual({
      rule: 'second-cla-review',
      from: null,
      itemId: 'first-review-date',
    });
  });

  test('a review conference: from the previous review when entered, else from the initial conference', () => {
    const base = {
      [v('conference-type')]: 'review',
      [v('strategy-discussion-date')]: '2025-01-06',
      [v('initial-conference-date')]: '2025-01-20',
    };
    expect(meetingTimescale(cpConferenceChairingV1, at(base), '2025-04-14')).toMatchObject({
      rule: 'first-review-conference',
      from: '2025-01-20',
    });
    const later = { ...base, [v('previous-review-conference-date')]: '2025-04-14' };
    expect(meetingTimescale(cpConferenceChairingV1, at(later), '2025-10-06')).toMatchObject({
      rule: 'next-review-conference',
      from: '2025-04-14',
    });
  });

  test('an initial conference runs from the strategy discussion; a transfer-in is not judged here', () => {
    const fields = {
      [v('conference-type')]: 'initial',
      [v('strategy-discussion-date')]: '2026-01-05',
      [v('initial-conference-date')]: '2026-01-20',
    };
    expect(meetingTimescale(cpConferenceChairingV1, at(fields), '2026-01-20')).toMatchObject({
      rule: 'icpc',
      from: '2026-01-05',
    });
    expect(
      meetingTimescale(
        cpConferenceChairingV1,
        at({ ...fields, [v('conference-type')]: 'transfer-in' }),
        '2026-01-20',
      ),
    ).toEqual({ rule: null, from: null, itemId: null });
  });

  test('before the type is answered, the latest date entered on or before the meeting', () => {
    const fields = {
      [v('strategy-discussion-date')]: '2026-01-05',
      [v('initial-conference-date')]: '2026-03-02',
    };
    expect(meetingTimescale(cpConferenceChairingV1, at(fields), '2026-02-01')).toMatchObject({
      rule: 'icpc',
      from: '2026-01-05',
    });
    expect(meetingTimescale(cpConferenceChairingV1, at({}), '2026-02-01')).toBeNull();
  });
});

// Every trigger of a meeting's timescale, with the type of meeting that is judged from it and the
// words its error uses (defect: a review before the child became looked after was "in time").
const TRIGGERS = [
  {
    template: cpConferenceChairingV1,
    ref: 'R1',
    selector: 'conference-type',
    type: 'initial',
    itemId: 'strategy-discussion-date',
    rule: 'icpc',
    message: 'Date of the strategy discussion must be on or before the date of the conference',
  },
  {
    template: cpConferenceChairingV1,
    ref: 'R3',
    selector: 'conference-type',
    type: 'review',
    itemId: 'initial-conference-date',
    rule: 'first-review-conference',
    message: 'Date of the initial conference must be on or before the date of the conference',
  },
  {
    template: cpConferenceChairingV1,
    ref: 'R4',
    selector: 'conference-type',
    type: 'review',
    itemId: 'previous-review-conference-date',
    rule: 'next-review-conference',
    message:
      'Date of the previous review conference must be on or before the date of the conference',
  },
  {
    template: lacReviewChairingV1,
    ref: 'first review',
    selector: 'review-number',
    type: 'first',
    itemId: 'date-became-looked-after',
    rule: 'first-cla-review',
    message: 'Date the child became looked after must be on or before the date of the review',
  },
  {
    template: lacReviewChairingV1,
    ref: 'second review',
    selector: 'review-number',
    type: 'second',
    itemId: 'first-review-date',
    rule: 'second-cla-review',
    message: 'Date of the first review must be on or before the date of the review',
  },
  {
    template: lacReviewChairingV1,
    ref: 'later review',
    selector: 'review-number',
    type: 'third-or-later',
    itemId: 'previous-review-date',
    rule: 'next-cla-review',
    message: 'Date of the previous review must be on or before the date of the review',
  },
] as const;

describe('a trigger date after the meeting', () => {
  const HELD = '2026-01-23';
  test.each(TRIGGERS)(
    '$ref: a day after the meeting is a problem of that date, and the meeting is not judged',
    ({ template, selector, type, itemId, rule, message }) => {
      const fields = { [v(selector)]: type, [v(itemId)]: addDays(HELD, 1) };
      expect(triggersAfterMeeting(template, at(fields), HELD)).toEqual([
        { path: responsePath(itemId, 'value'), itemId, label: message.split(' must ')[0], message },
      ]);
      expect(meetingTimescale(template, at(fields), HELD)).toEqual({ rule, from: null, itemId });
      expect(() => timeliness(rule, addDays(HELD, 1), HELD)).toThrow(TriggerAfterMeetingError);
    },
  );

  test.each(TRIGGERS)(
    '$ref: on the day of the meeting, or before, is no problem and is judged',
    ({ template, selector, type, itemId, rule }) => {
      for (const from of [HELD, addDays(HELD, -1)]) {
        const fields = { [v(selector)]: type, [v(itemId)]: from };
        expect(triggersAfterMeeting(template, at(fields), HELD)).toEqual([]);
        expect(meetingTimescale(template, at(fields), HELD)).toEqual({ rule, from, itemId });
        expect(timeliness(rule, from, HELD).inTime).toBe(true);
      }
    },
  );

  test('the looked-after review of the report: 1 February is after a review on 23 January', () => {
    const fields = {
      [v('review-number')]: 'first',
      [v('date-became-looked-after')]: '2026-02-01',
    };
    expect(
      triggersAfterMeeting(lacReviewChairingV1, at(fields), '2026-01-23').map((t) => t.message),
    ).toEqual(['Date the child became looked after must be on or before the date of the review']);
  });

  test('a review conference whose previous review is after it is not judged from the initial conference instead', () => {
    const fields = {
      [v('conference-type')]: 'review',
      [v('initial-conference-date')]: '2025-01-20',
      [v('previous-review-conference-date')]: '2025-12-01',
    };
    expect(meetingTimescale(cpConferenceChairingV1, at(fields), '2025-10-06')).toEqual({
      rule: 'next-review-conference',
      from: null,
      itemId: 'previous-review-conference-date',
    });
  });

  test('nothing to say before both dates are entered, nor for an audit, whose date is no meeting', () => {
    const fields = { [v('date-became-looked-after')]: '2026-02-01' };
    expect(triggersAfterMeeting(lacReviewChairingV1, at(fields), undefined)).toEqual([]);
    expect(triggersAfterMeeting(lacReviewChairingV1, at({}), '2026-01-23')).toEqual([]);
    const auditFields = Object.fromEntries(
      singleCaseAuditV1.sections
        .flatMap((s) => s.items)
        .filter((i) => i.timescaleRule !== undefined)
        .map((i) => [v(i.id), '2026-02-01']),
    );
    expect(Object.keys(auditFields).length).toBeGreaterThan(0);
    expect(triggersAfterMeeting(singleCaseAuditV1, at(auditFields), '2026-01-23')).toEqual([]);
  });

  test('property: no trigger after the meeting is ever judged, and every one is a problem', () => {
    const day = fc.integer({ min: 0, max: 3000 }).map((n) => addDays('2018-01-01', n));
    const template = fc.constantFrom(cpConferenceChairingV1, lacReviewChairingV1);
    fc.assert(
      fc.property(template, day, fc.array(day, { maxLength: 4 }), fc.nat(), (t, held, dates, k) => {
        const triggers = t.sections.flatMap((s) => s.items).filter((i) => i.timescaleRule);
        const selector = t.sections.flatMap((s) => s.items).find((i) => i.selectsTimescale)!;
        const types = Object.keys(selector.selectsTimescale!);
        const fields: Record<string, FieldValue> = {
          [v(selector.id)]: types[k % (types.length + 1)] ?? '',
        };
        triggers.forEach((item, i) => {
          if (dates[i] !== undefined) fields[v(item.id)] = dates[i];
        });
        const judged = meetingTimescale(t, at(fields), held);
        if (judged && judged.from !== null) {
          expect(judged.from <= held).toBe(true);
          expect(() => timeliness(judged.rule as TimescaleRule, judged.from!, held)).not.toThrow();
        }
        const after = triggersAfterMeeting(t, at(fields), held).map((p) => p.itemId);
        expect(after).toEqual(
          triggers.filter((i) => (fields[v(i.id)] as string | undefined)! > held).map((i) => i.id),
        );
        if (judged?.itemId && after.includes(judged.itemId)) expect(judged.from).toBeNull();
      }),
      { seed: 42, numRuns: 300 },
    );
  });
});

describe('which trigger dates apply to the type of meeting', () => {
  test.each(TRIGGERS)(
    '$ref: its date applies to its type',
    ({ template, selector, type, itemId }) => {
      const item = template.sections.flatMap((s) => s.items).find((i) => i.id === itemId)!;
      expect(itemApplies(template, item, at({ [v(selector)]: type }))).toBe(true);
      expect(itemApplies(template, item, at({}))).toBe(true);
      const others = TRIGGERS.filter(
        (t) => t.template === template && t.type !== type && t.itemId !== itemId,
      );
      for (const other of others)
        expect(itemApplies(template, item, at({ [v(selector)]: other.type }))).toBe(false);
    },
  );

  test('no trigger date applies to a transfer-in conference; other questions always apply', () => {
    const items = cpConferenceChairingV1.sections.flatMap((s) => s.items);
    const fields = at({ [v('conference-type')]: 'transfer-in' });
    expect(
      items.filter((i) => i.timescaleRule && itemApplies(cpConferenceChairingV1, i, fields)),
    ).toEqual([]);
    expect(
      items
        .filter((i) => !i.timescaleRule)
        .every((i) => itemApplies(cpConferenceChairingV1, i, fields)),
    ).toBe(true);
  });
});
