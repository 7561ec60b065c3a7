import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { parseWith } from '../field-errors';
import {
  boundedText,
  caseIdSchema,
  clockTimeSchema,
  idSchema,
  isUtcTimestamp,
  keySchema,
  requiredText,
  utcTimestampSchema,
} from './common';

const errorsOf = (schema: z.ZodType, input: unknown) => {
  const result = parseWith(schema, input);
  return result.ok ? [] : result.errors;
};

const caseIdMessage =
  'Enter a case ID, not a name: 3 to 20 letters, numbers or hyphens, including at least one number';

describe('case IDs', () => {
  const schema = z.strictObject({ caseId: caseIdSchema() });

  test.each(['AB-1234', '123', 'C12345678901234567-9', 'lac-2026-001'])('accepts %s', (caseId) => {
    expect(errorsOf(schema, { caseId })).toEqual([]);
  });

  test.each([
    ['Jane Smith', 'a name with a space'],
    ['JaneSmith', 'a name without a digit'],
    ['A1', 'too short'],
    ['A12345678901234567890', '21 characters'],
    ['AB_123', 'an underscore'],
    ['AB 123', 'a space'],
    ['', 'empty'],
  ])('rejects %s (%s), naming the field', (caseId) => {
    expect(errorsOf(schema, { caseId })).toEqual([
      { path: 'caseId', code: 'CASE_ID_INVALID', message: caseIdMessage },
    ]);
  });

  test('an authority can set its own pattern and message', () => {
    const own = z.strictObject({
      caseId: caseIdSchema({ pattern: '\\d{7}', message: 'Enter the 7-digit case number' }),
    });
    expect(errorsOf(own, { caseId: '1234567' })).toEqual([]);
    expect(errorsOf(own, { caseId: 'AB-1234' })).toEqual([
      { path: 'caseId', code: 'CASE_ID_INVALID', message: 'Enter the 7-digit case number' },
    ]);
    // An anchored string pattern cannot be satisfied by a longer value.
    expect(errorsOf(own, { caseId: '12345678' })).toHaveLength(1);
  });

  test('a global RegExp does not alternate results between calls', () => {
    const schema = caseIdSchema({ pattern: /^\d{3}$/g });
    expect([schema.safeParse('123').success, schema.safeParse('123').success]).toEqual([
      true,
      true,
    ]);
  });
});

describe('bounded text', () => {
  test('10,000 characters by default; 10,001 is rejected with the limit in words', () => {
    const schema = z.strictObject({ notes: boundedText() });
    expect(errorsOf(schema, { notes: 'x'.repeat(10_000) })).toEqual([]);
    expect(errorsOf(schema, { notes: 'x'.repeat(10_001) })).toEqual([
      { path: 'notes', code: 'TEXT_TOO_LONG', message: 'Must be 10,000 characters or fewer' },
    ]);
  });

  test('a configured limit', () => {
    expect(errorsOf(boundedText(5), 'abcdef')).toEqual([
      { path: '', code: 'TEXT_TOO_LONG', message: 'Must be 5 characters or fewer' },
    ]);
  });

  test('required text rejects blank', () => {
    expect(errorsOf(z.strictObject({ reason: requiredText() }), { reason: '   ' })).toEqual([
      { path: 'reason', code: 'FIELD_REQUIRED', message: 'This field cannot be blank' },
    ]);
  });
});

describe('ids, keys, times and timestamps', () => {
  test('ids', () => {
    expect(errorsOf(idSchema, '0190a3b2-7c4d-7e8f-9a0b-1c2d3e4f5a6b')).toEqual([]);
    expect(errorsOf(z.strictObject({ id: idSchema }), { id: 'short' })).toEqual([
      {
        path: 'id',
        code: 'ID_INVALID',
        message: 'Must be an ID of 8 to 64 letters, numbers, hyphens or underscores',
      },
    ]);
  });

  test('keys are kebab-case without dots', () => {
    expect(errorsOf(keySchema, 'requires-improvement-to-be-good')).toEqual([]);
    expect(errorsOf(keySchema, 'Good')[0]?.code).toBe('KEY_INVALID');
    expect(errorsOf(keySchema, 'a.b')[0]?.code).toBe('KEY_INVALID');
  });

  test('UTC timestamps must end in Z and be real', () => {
    expect(isUtcTimestamp('2026-04-01T09:30:00Z')).toBe(true);
    expect(isUtcTimestamp('2026-04-01T09:30:00.123Z')).toBe(true);
    expect(isUtcTimestamp('2026-04-01T09:30:00+01:00')).toBe(false);
    expect(isUtcTimestamp('2026-04-01T09:30:00')).toBe(false);
    expect(isUtcTimestamp('2026-02-30T09:30:00Z')).toBe(false);
    expect(isUtcTimestamp('2026-04-01T24:00:00Z')).toBe(false);
    expect(errorsOf(z.strictObject({ at: utcTimestampSchema }), { at: '1 April 2026' })).toEqual([
      {
        path: 'at',
        code: 'TIMESTAMP_INVALID',
        message: 'Must be a UTC date and time in ISO 8601 format, like 2026-04-01T09:30:00Z',
      },
    ]);
  });

  test('clock times are 24-hour HH:MM', () => {
    expect(errorsOf(clockTimeSchema, '09:30')).toEqual([]);
    expect(errorsOf(clockTimeSchema, '23:59')).toEqual([]);
    expect(errorsOf(clockTimeSchema, '9:30')).toEqual([
      { path: '', code: 'TIME_INVALID', message: 'Enter a time in 24-hour format, like 09:30' },
    ]);
    expect(errorsOf(clockTimeSchema, '24:00')).toHaveLength(1);
  });
});
