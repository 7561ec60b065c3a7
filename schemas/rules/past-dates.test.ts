import { describe, expect, test } from 'vitest';
import { addDays } from '../calendar/dates';
import type { FamilyCallAttempt } from '../entities/family-call-attempt';
import type { Observation } from '../entities/observation';
import type { Template } from '../entities/template';
import { responsePath } from '../entities/observation-fields';
import { findTemplate } from '../templates/catalogue';
import { NOW, completeFor, testId } from '../testing/fixtures';
import { checkCompleteness } from './completeness';
import { isAfterToday, latestDayOnServer, pastDateFields } from './past-dates';

const frontline = findTemplate('frontline-practice', 1)!;
const call = findTemplate('family-feedback-call', 1)!;
const audit = findTemplate('single-case-audit', 1)!;
const cp = findTemplate('cp-conference-chairing', 1)!;
const ID = testId(1);
// The fixtures' record is of the day before NOW; judged on NOW's London day.
const TODAY = NOW.slice(0, 10);

describe('a day is after today (London)', () => {
  test.each([
    ['yesterday', addDays(TODAY, -1), false],
    ['today', TODAY, false],
    ['tomorrow', addDays(TODAY, 1), true],
    ['a day years ahead', addDays(TODAY, 365 * 4 + 200), true],
    ['the last day a date can be', '9999-12-31', true],
    ['a day long past', '1900-01-01', false],
  ])('%s', (_, day, after) => {
    expect(isAfterToday(day, TODAY)).toBe(after);
  });
});

describe('the server takes a day of slack for a tablet whose clock is ahead', () => {
  test.each([
    // Winter: London is UTC. 23:30 on 7 December is still the 7th; the tablet may be in the 8th.
    ['2026-12-07T23:30:00Z', '2026-12-08'],
    ['2026-12-07T00:10:00Z', '2026-12-08'],
    // Summer: London is UTC+1, so 23:30 UTC on 7 July is already the 8th in London.
    ['2026-07-07T23:30:00Z', '2026-07-09'],
    ['2026-07-07T22:59:00Z', '2026-07-08'],
    // The year's end.
    ['2026-12-31T23:59:00Z', '2027-01-01'],
  ])('at %s the latest day taken is %s', (now, latest) => {
    expect(latestDayOnServer(now)).toBe(latest);
  });
});

describe('dates of things that happened, judged on submission', () => {
  const codes = (
    template: Template,
    edit: (r: Observation) => void,
    latest: string,
    attempts: FamilyCallAttempt[] = [],
  ) => {
    const record = completeFor(template, ID);
    edit(record);
    return checkCompleteness(record, template, { attempts }, { latestDate: latest }).filter(
      (p) => p.code === 'date-in-future',
    );
  };
  const attempt = (at: string): FamilyCallAttempt => ({
    id: testId(30),
    observationId: ID,
    at,
    outcome: 'completed',
  });

  test('the day of the audit: today passes, tomorrow and years ahead do not, with its name', () => {
    expect(codes(audit, (r) => (r.context.date = TODAY), TODAY)).toEqual([]);
    for (const day of [addDays(TODAY, 1), addDays(TODAY, 1500)]) {
      expect(codes(audit, (r) => (r.context.date = day), TODAY)).toEqual([
        {
          code: 'date-in-future',
          path: 'context.date',
          message: 'Date of the audit must be today or in the past',
        },
      ]);
    }
    expect(codes(frontline, (r) => (r.context.date = addDays(TODAY, 1)), TODAY)[0]?.message).toBe(
      'Date of the observation must be today or in the past',
    );
  });

  test('the feedback conversation, only when one was held', () => {
    const later = addDays(TODAY, 200);
    expect(codes(frontline, (r) => (r.summary.feedback.date = later), TODAY)).toEqual([
      {
        code: 'date-in-future',
        path: 'summary.feedback.date',
        message: 'Date of the feedback conversation must be today or in the past',
      },
    ]);
    expect(
      codes(frontline, (r) => (r.summary.feedback = { held: false, date: later }), TODAY),
    ).toEqual([]);
    // An audit's discussion with the social worker, in the words its page asks it.
    expect(codes(audit, (r) => (r.summary.feedback.date = later), TODAY)).toEqual([
      {
        code: 'date-in-future',
        path: 'summary.feedback.date',
        message: 'Date of the discussion with the social worker must be today or in the past',
      },
    ]);
  });

  test('every date a built-in template asks records something that happened', () => {
    const item = cp.sections.flatMap((s) => s.items).find((i) => i.response.type === 'date')!;
    const path = responsePath(item.id, 'value');
    expect(pastDateFields(cp).map((f) => f.path)).toContain(path);
    expect(codes(cp, (r) => (r.responses[item.id] = { value: addDays(TODAY, 1) }), TODAY)).toEqual([
      {
        code: 'date-in-future',
        path,
        itemId: item.id,
        message: `${item.prompt} must be today or in the past`,
      },
    ]);
  });

  test('a call attempt on a later London day than the latest is refused; one late tonight is not', () => {
    const tomorrowNoon = `${addDays(TODAY, 1)}T12:00:00Z`;
    expect(codes(call, () => undefined, TODAY, [attempt(tomorrowNoon)])).toEqual([
      {
        code: 'date-in-future',
        path: 'attempts',
        message: 'The date of each call attempt must be today or in the past',
      },
    ]);
    expect(codes(call, () => undefined, TODAY, [attempt(`${TODAY}T22:30:00Z`)])).toEqual([]);
  });

  test('on the server, a date of the tablet’s tomorrow near midnight passes; the day after does not', () => {
    // 23:30 on the server, in winter (London is UTC); the tablet's clock says 00:30 on the 8th.
    const latest = latestDayOnServer('2026-12-07T23:30:00Z');
    expect(codes(audit, (r) => (r.context.date = '2026-12-08'), latest)).toEqual([]);
    expect(codes(audit, (r) => (r.context.date = '2026-12-09'), latest)).toHaveLength(1);
  });

  test('without a latest day (a draft being looked at) no date is judged', () => {
    const record = completeFor(audit, ID);
    record.context.date = addDays(TODAY, 900);
    expect(checkCompleteness(record, audit).map((p) => p.code)).not.toContain('date-in-future');
  });
});
