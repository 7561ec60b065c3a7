import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { AuditFacts } from './sample-discussion';
import {
  auditFactsOf,
  auditMonthOf,
  discussionMonths,
  discussionsDueBy,
  heldOnProblem,
  isDiscussable,
  isSampleDiscussionPath,
} from './sample-discussion';

const audit = (over: Partial<AuditFacts> & { id: string }): AuditFacts => ({
  kind: 'single-case-audit',
  date: '2026-10-14',
  submittedOn: '2026-10-20',
  ...over,
});

describe('which audits a discussion is recorded on', () => {
  test('a submitted single case audit, never a draft nor another kind of observation', () => {
    expect(isDiscussable(audit({ id: 'a' }))).toBe(true);
    expect(isDiscussable(audit({ id: 'a', submittedOn: undefined }))).toBe(false);
    for (const kind of [
      'frontline-practice',
      'family-feedback-call',
      'cp-conference-chairing',
      'lac-review-chairing',
    ] as const)
      expect(isDiscussable(audit({ id: 'a', kind }))).toBe(false);
  });

  test('its paths are the held-on day and the note, nothing else', () => {
    expect(isSampleDiscussionPath('sampleDiscussion.heldOn')).toBe(true);
    expect(isSampleDiscussionPath('sampleDiscussion.note')).toBe(true);
    expect(isSampleDiscussionPath('sampleDiscussion')).toBe(false);
    expect(isSampleDiscussionPath('sampleDiscussion.by')).toBe(false);
    expect(isSampleDiscussionPath('summary.reflection')).toBe(false);
  });
});

describe('an audit’s facts from its stored fields', () => {
  test('read alike on the tablet and the server: the submission’s London day, real dates only', () => {
    expect(
      auditFactsOf('a', {
        kind: 'single-case-audit',
        'context.date': '2026-06-30',
        // 00:30 on 1 July in London (summer time): an audit submitted that night is July's.
        submittedAt: '2026-06-30T23:30:00.000Z',
        'sampleDiscussion.heldOn': '2026-07-20',
      }),
    ).toEqual({
      id: 'a',
      kind: 'single-case-audit',
      date: '2026-06-30',
      submittedOn: '2026-07-01',
      heldOn: '2026-07-20',
    });
    expect(
      auditFactsOf('b', {
        kind: 'not-a-kind',
        'context.date': '30/06/2026',
        submittedAt: 'yesterday',
        'sampleDiscussion.heldOn': 7,
      }),
    ).toEqual({
      id: 'b',
      kind: 'frontline-practice',
      date: undefined,
      submittedOn: undefined,
      heldOn: undefined,
    });
  });
});

describe('the month after the audit', () => {
  test('an audit belongs to the month of its own date, or of its submission when it has none', () => {
    expect(auditMonthOf(audit({ id: 'a' }))).toBe('2026-10');
    expect(auditMonthOf(audit({ id: 'a', date: undefined, submittedOn: '2026-11-02' }))).toBe(
      '2026-11',
    );
  });

  test('discussions are due by the last day of the following month, across a year end and February', () => {
    expect(discussionsDueBy('2026-10')).toBe('2026-11-30');
    expect(discussionsDueBy('2026-11')).toBe('2026-12-31');
    expect(discussionsDueBy('2026-12')).toBe('2027-01-31');
    expect(discussionsDueBy('2027-01')).toBe('2027-02-28');
    expect(discussionsDueBy('2028-01')).toBe('2028-02-29');
  });

  test('a discussion is held no earlier than its audit and no later than today', () => {
    const a = audit({ id: 'a' });
    expect(heldOnProblem(a, '2026-10-13', '2026-12-07')).toBe('before-audit');
    expect(heldOnProblem(a, '2026-10-14', '2026-12-07')).toBeNull();
    expect(heldOnProblem(a, '2026-12-07', '2026-12-07')).toBeNull();
    expect(heldOnProblem(a, '2026-12-08', '2026-12-07')).toBe('in-future');
    // With no date of its own, the audit counts from its submission.
    expect(heldOnProblem(audit({ id: 'b', date: undefined }), '2026-10-19', '2026-12-07')).toBe(
      'before-audit',
    );
  });
});

describe('how each month stands', () => {
  test('met once one audit is discussed in time; missed once the month after is over with none; due until then', () => {
    const audits = [
      audit({ id: 'oct-1', date: '2026-10-02', heldOn: '2026-11-30' }),
      audit({ id: 'oct-2', date: '2026-10-20' }),
      audit({ id: 'sep-1', date: '2026-09-10', heldOn: '2026-11-03' }),
      audit({ id: 'nov-1', date: '2026-11-05' }),
      audit({ id: 'draft', date: '2026-11-06', submittedOn: undefined, heldOn: '2026-11-30' }),
      audit({ id: 'call', kind: 'family-feedback-call', date: '2026-11-07' }),
    ];
    expect(discussionMonths(audits, '2026-12-07')).toEqual([
      {
        month: '2026-11',
        audited: 1,
        discussed: 0,
        discussedInTime: 0,
        dueBy: '2026-12-31',
        state: 'due',
      },
      {
        month: '2026-10',
        audited: 2,
        discussed: 1,
        discussedInTime: 1,
        dueBy: '2026-11-30',
        state: 'met',
      },
      {
        month: '2026-09',
        audited: 1,
        discussed: 1,
        discussedInTime: 0,
        dueBy: '2026-10-31',
        state: 'missed',
      },
    ]);
    // On its last day a month is still due, the day after it is missed.
    expect(discussionMonths([audit({ id: 'x', date: '2026-11-05' })], '2026-12-31')[0]!.state).toBe(
      'due',
    );
    expect(discussionMonths([audit({ id: 'x', date: '2026-11-05' })], '2027-01-01')[0]!.state).toBe(
      'missed',
    );
  });

  test('each service’s month is judged apart: one service’s discussion never meets another’s', () => {
    // QAF 2i: each head of service discusses a sample of their own service's audits.
    const audits = [
      audit({ id: 'a-1', serviceId: 'service-a', date: '2026-10-02', heldOn: '2026-11-10' }),
      audit({ id: 'a-2', serviceId: 'service-a', date: '2026-10-09' }),
      audit({ id: 'b-1', serviceId: 'service-b', date: '2026-10-05' }),
      audit({ id: 'b-2', serviceId: 'service-b', date: '2026-10-21' }),
    ];
    expect(discussionMonths(audits, '2026-12-07')).toEqual([
      {
        month: '2026-10',
        serviceId: 'service-a',
        audited: 2,
        discussed: 1,
        discussedInTime: 1,
        dueBy: '2026-11-30',
        state: 'met',
      },
      {
        month: '2026-10',
        serviceId: 'service-b',
        audited: 2,
        discussed: 0,
        discussedInTime: 0,
        dueBy: '2026-11-30',
        state: 'missed',
      },
    ]);
    expect(auditFactsOf('c', { kind: 'single-case-audit', serviceId: 'service-a' }).serviceId).toBe(
      'service-a',
    );
  });

  test('every submitted audit is counted once in its month, whatever the order', () => {
    const facts = fc.record({
      id: fc.uuid(),
      serviceId: fc.option(fc.constantFrom('service-a', 'service-b'), { nil: undefined }),
      kind: fc.constantFrom(
        'single-case-audit',
        'single-case-audit',
        'frontline-practice' as const,
      ),
      date: fc.option(fc.constantFrom('2026-09-30', '2026-10-01', '2026-10-31', '2026-11-15'), {
        nil: undefined,
      }),
      submittedOn: fc.option(fc.constantFrom('2026-10-02', '2026-11-20', '2026-12-01'), {
        nil: undefined,
      }),
      heldOn: fc.option(fc.constantFrom('2026-10-31', '2026-11-30', '2026-12-01', '2026-12-31'), {
        nil: undefined,
      }),
    });
    fc.assert(
      fc.property(fc.array(facts, { maxLength: 30 }), fc.boolean(), (items, twice) => {
        const today = '2026-12-07';
        const months = discussionMonths(items, today);
        expect(discussionMonths([...items].reverse(), today)).toEqual(months);
        const counted = items.filter(isDiscussable);
        expect(months.reduce((n, m) => n + m.audited, 0)).toBe(counted.length);
        const keys = months.map((m) => `${m.month}|${m.serviceId ?? ''}`);
        expect(new Set(keys).size).toBe(keys.length);
        for (const m of months) {
          expect(m.audited).toBe(
            counted.filter((a) => auditMonthOf(a) === m.month && a.serviceId === m.serviceId)
              .length,
          );
          expect(m.discussedInTime).toBeLessThanOrEqual(m.discussed);
          expect(m.discussed).toBeLessThanOrEqual(m.audited);
          expect(m.state === 'met').toBe(m.discussedInTime > 0);
        }
        if (twice) {
          // The same audits listed twice count twice: the caller lists each audit once.
          const doubled = discussionMonths([...items, ...items], today);
          expect(doubled.reduce((n, m) => n + m.audited, 0)).toBe(2 * counted.length);
        }
      }),
      { seed: 20261207, numRuns: 300 },
    );
  });
});
