import { describe, expect, test } from 'vitest';
import type { FieldValue } from '../entities/field-value';
import { cpConferenceChairingV1 } from '../templates/cp-conference-chairing';
import { lacReviewChairingV1 } from '../templates/lac-review-chairing';
import { meetingTimescale } from './meeting-timescale';

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
