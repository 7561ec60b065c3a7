import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { messages, textTooLongLimit } from './errors';
import { parseWith } from './field-errors';

const schema = z.strictObject({
  name: z.string(),
  count: z.number().int().min(1),
  flag: z.boolean(),
  colour: z.enum(['red', 'green']),
  list: z.array(z.string()).max(2),
  nested: z.strictObject({ inner: z.string() }),
});

const valid = { name: 'a', count: 1, flag: true, colour: 'red', list: [], nested: { inner: 'x' } };

describe('parseWith', () => {
  test('returns the parsed value', () => {
    expect(parseWith(schema, valid)).toEqual({ ok: true, value: valid });
  });

  test('missing fields are required, by path', () => {
    const result = parseWith(schema, { ...valid, name: undefined, nested: {} });
    expect(result).toEqual({
      ok: false,
      errors: [
        { path: 'name', code: 'FIELD_REQUIRED', message: 'This field is required' },
        { path: 'nested.inner', code: 'FIELD_REQUIRED', message: 'This field is required' },
      ],
    });
  });

  test('wrong types say what was expected', () => {
    const result = parseWith(schema, { ...valid, name: 3, count: '1', flag: 'yes' });
    expect(result.ok ? [] : result.errors).toEqual([
      { path: 'name', code: 'WRONG_TYPE', message: 'Must be text' },
      { path: 'count', code: 'WRONG_TYPE', message: 'Must be a number' },
      { path: 'flag', code: 'WRONG_TYPE', message: 'Must be true or false' },
    ]);
  });

  test('options, ranges, list lengths and unknown fields', () => {
    const result = parseWith(schema, {
      ...valid,
      count: 0,
      colour: 'blue',
      list: ['a', 'b', 'c'],
      childName: 'Jane',
    });
    expect(result.ok ? [] : result.errors).toEqual([
      { path: 'count', code: 'VALUE_OUT_OF_RANGE', message: 'Must be 1 or more' },
      { path: 'colour', code: 'NOT_AN_OPTION', message: 'Must be one of: red, green' },
      { path: 'list', code: 'VALUE_OUT_OF_RANGE', message: 'Must have no more than 2 items' },
      { path: 'childName', code: 'FIELD_NOT_ALLOWED', message: 'This field is not allowed' },
    ]);
  });

  test('a whole number is required where one is expected', () => {
    const result = parseWith(schema, { ...valid, count: 1.5 });
    expect(result.ok ? [] : result.errors).toEqual([
      { path: 'count', code: 'WRONG_TYPE', message: 'Must be a whole number' },
    ]);
  });

  test('errors never carry the input value', () => {
    const result = parseWith(schema, { ...valid, name: 42 });
    expect(JSON.stringify(result)).not.toContain('42');
  });
});

describe('textTooLongLimit', () => {
  test('reads back the limit a too-long message names, and nothing from any other message', () => {
    expect(textTooLongLimit(messages.textTooLong(10_000))).toBe(10_000);
    expect(textTooLongLimit(messages.textTooLong(200))).toBe(200);
    expect(textTooLongLimit(messages.caseIdInvalid)).toBeUndefined();
  });
});
