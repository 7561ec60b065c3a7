import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { OBSERVATION_KINDS } from '../entities/observation-kind';
import { isOverdueAuditExtended } from './audit-due-date';

const today = '2026-12-07';

describe('moving the due date of an assignment (QAF 2f)', () => {
  test.each([
    ['an overdue audit moved later', 'single-case-audit', '2026-11-30', '2026-12-31', true],
    ['an overdue audit moved to today', 'single-case-audit', '2026-11-30', today, true],
    ['an overdue audit moved a day later', 'single-case-audit', '2026-12-06', today, true],
    ['an overdue audit moved earlier', 'single-case-audit', '2026-11-30', '2026-11-27', false],
    ['an audit due today moved later', 'single-case-audit', today, '2026-12-31', false],
    ['an audit not yet due moved later', 'single-case-audit', '2026-12-31', '2027-01-31', false],
    [
      'an overdue observation of a conference',
      'cp-conference-chairing',
      '2026-11-30',
      '2026-12-31',
      false,
    ],
    ['an overdue family call', 'family-feedback-call', '2026-11-30', '2026-12-31', false],
  ] as const)('%s: refused %s', (_, kind, dueDate, to, refused) => {
    expect(isOverdueAuditExtended({ kind, dueDate }, to, today)).toBe(refused);
  });

  test('refused exactly when an audit was due before today and the new date is after it', () => {
    const day = fc
      .integer({ min: 0, max: 120 })
      .map((n) => new Date(Date.UTC(2026, 9, 1) + n * 86_400_000).toISOString().slice(0, 10));
    fc.assert(
      fc.property(fc.constantFrom(...OBSERVATION_KINDS), day, day, day, (kind, due, to, on) => {
        expect(isOverdueAuditExtended({ kind, dueDate: due }, to, on)).toBe(
          kind === 'single-case-audit' && due < on && to > due,
        );
      }),
      { seed: 20261207, numRuns: 500 },
    );
  });
});
