import { describe, expect, test } from 'vitest';
import type { FieldValue } from '../entities/field-value';
import { lacReviewChairingV1, lacReviewChairingV2 } from '../templates/lac-review-chairing';
import { placementVisitCheck } from './placement-visits';

const at = (fields: Record<string, FieldValue>) => (path: string) => fields[path];
const v = (id: string) => `responses.${id}.value`;
const placed = (start: string, until18?: 'yes' | 'no', last?: string) => ({
  [v('current-placement-date')]: start,
  ...(until18 ? { [v('placement-until-18')]: until18 } : {}),
  ...(last ? { [v('last-social-worker-visit-date')]: last } : {}),
});

describe('social worker visits at the review observed', () => {
  test('nothing to say for version 1, which does not ask, or before the placement date', () => {
    expect(placementVisitCheck(lacReviewChairingV1, at(placed('2026-01-05')), '2026-04-20')).toBe(
      null,
    );
    expect(placementVisitCheck(lacReviewChairingV2, at({}), '2026-04-20')).toBe(null);
  });

  test('up to date: the review on the day the next visit is due', () => {
    // Visit Mon 2 Mar 2026 -> next due Mon 13 Apr 2026; a review that day is within it.
    expect(
      placementVisitCheck(
        lacReviewChairingV2,
        at(placed('2026-01-05', 'no', '2026-03-02')),
        '2026-04-13',
      ),
    ).toEqual({
      placementStart: '2026-01-05',
      intendedUntil18: false,
      lastVisit: '2026-03-02',
      next: {
        due: '2026-04-13',
        countsFrom: '2026-03-02',
        interval: 'six-weekly',
        dueOnWeekend: false,
      },
      atMeeting: { held: '2026-04-13', inTime: true, daysLate: 0 },
    });
  });

  test('overdue: a review a week after the next visit was due', () => {
    const check = placementVisitCheck(
      lacReviewChairingV2,
      at(placed('2026-01-05', 'no', '2026-03-02')),
      '2026-04-20',
    );
    expect(check && 'atMeeting' in check ? check.atMeeting : check).toEqual({
      held: '2026-04-20',
      inTime: false,
      daysLate: 7,
    });
  });

  test('3-monthly after the first year only when the placement is intended to last until 18', () => {
    const next = (until18?: 'yes' | 'no') => {
      const check = placementVisitCheck(
        lacReviewChairingV2,
        at(placed('2025-01-06', until18, '2026-02-02')),
        '2026-04-20',
      );
      return check && 'next' in check ? [check.intendedUntil18, check.next.due] : check;
    };
    expect(next('yes')).toEqual([true, '2026-05-02']);
    expect(next('no')).toEqual([false, '2026-03-16']);
    // Unanswered: the stricter 6 weeks, and said to be unanswered.
    expect(next()).toEqual([null, '2026-03-16']);
  });

  test('no judgement without a visit, or with a visit after the review', () => {
    const none = placementVisitCheck(lacReviewChairingV2, at(placed('2026-01-05')), '2026-04-20');
    expect(none).toMatchObject({ lastVisit: null, next: { due: '2026-01-12' }, atMeeting: null });
    const after = placementVisitCheck(
      lacReviewChairingV2,
      at(placed('2026-01-05', 'no', '2026-04-21')),
      '2026-04-20',
    );
    expect(after).toMatchObject({ next: { due: '2026-06-02' }, atMeeting: null });
    const undated = placementVisitCheck(
      lacReviewChairingV2,
      at(placed('2026-01-05', 'no', '2026-03-02')),
      null,
    );
    expect(undated).toMatchObject({ atMeeting: null });
  });

  test('a visit before the placement is explained, not thrown', () => {
    expect(
      placementVisitCheck(
        lacReviewChairingV2,
        at(placed('2026-01-05', 'no', '2025-12-01')),
        '2026-04-20',
      ),
    ).toEqual({ error: 'The visit on 2025-12-01 is before the placement started on 2026-01-05' });
  });
});
