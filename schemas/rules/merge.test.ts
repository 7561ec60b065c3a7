import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { decideField, mergeText } from './merge';

const meta = (version: number, editedAt = 1000, deviceId = 'device-b') => ({
  version,
  editedAt,
  deviceId,
});
const edit = (
  value: string,
  baseVersion: number,
  extra: Partial<{ base: string; editedAt: number; deviceId: string }> = {},
) => ({
  value,
  baseVersion,
  editedAt: 2000,
  deviceId: 'device-a',
  ...extra,
});

describe('mergeText', () => {
  test('edits to different words of one note both survive', () => {
    expect(
      mergeText(
        'The chair opened well.',
        'The chair opened very well.',
        'The new chair opened well.',
      ),
    ).toBe('The new chair opened very well.');
  });
  test('edits to the same words overlap and do not merge', () => {
    expect(
      mergeText('Parents were angry.', 'Parents were upset.', 'Parents were calm.'),
    ).toBeNull();
  });
  test('one side unchanged takes the other', () => {
    expect(mergeText('a b', 'a b', 'a c')).toBe('a c');
    expect(mergeText('a b', 'a c', 'a b')).toBe('a c');
  });
  test('merging is symmetric when it succeeds (property)', () => {
    const word = fc.constantFrom('calm', 'clear', 'warm', 'late', 'kind');
    fc.assert(
      fc.property(
        fc.array(word, { minLength: 3, maxLength: 8 }),
        fc.nat(),
        fc.nat(),
        word,
        word,
        (base, i, j, w1, w2) => {
          const a = [...base];
          const b = [...base];
          a[i % a.length] = w1;
          b[j % b.length] = w2;
          const ab = mergeText(base.join(' '), a.join(' '), b.join(' '));
          const ba = mergeText(base.join(' '), b.join(' '), a.join(' '));
          expect(ab === null).toBe(ba === null);
          if (ab !== null) expect(ab).toBe(ba);
        },
      ),
      { seed: 7, numRuns: 300 },
    );
  });
});

describe('decideField', () => {
  test('a field unchanged since the base version is applied', () => {
    expect(decideField('old', meta(3), edit('new', 3), true)).toEqual({
      kind: 'apply',
      value: 'new',
    });
  });
  test('the same value is a no-op', () => {
    expect(decideField('same', meta(9), edit('same', 3), false)).toEqual({ kind: 'noop' });
  });
  test('a device’s own earlier write is not concurrent with its later one', () => {
    expect(decideField('mine', meta(9, 1000, 'device-a'), edit('mine again', 3), false)).toEqual({
      kind: 'apply',
      value: 'mine again',
    });
  });
  test('concurrent scalars: the later edit wins and the other value is named', () => {
    expect(
      decideField('good', meta(9, 1000), edit('inadequate', 3, { editedAt: 2000 }), false),
    ).toEqual({ kind: 'won', value: 'inadequate', superseded: 'good' });
    expect(
      decideField('good', meta(9, 3000), edit('inadequate', 3, { editedAt: 2000 }), false),
    ).toEqual({ kind: 'lost', superseded: 'inadequate' });
  });
  test('equal edit times are broken by device id, the same way everywhere', () => {
    expect(
      decideField(
        'x',
        meta(9, 2000, 'device-b'),
        edit('y', 3, { editedAt: 2000, deviceId: 'device-c' }),
        false,
      ).kind,
    ).toBe('won');
    expect(
      decideField(
        'x',
        meta(9, 2000, 'device-b'),
        edit('y', 3, { editedAt: 2000, deviceId: 'device-a' }),
        false,
      ).kind,
    ).toBe('lost');
  });
  test('concurrent text merges when it can and is kept as a conflict when it cannot', () => {
    expect(decideField('a b c', meta(9), edit('a y c', 3, { base: 'a x c' }), true)).toEqual({
      kind: 'conflict',
      incoming: 'a y c',
    });
    expect(decideField('x a b', meta(9), edit('a b y', 3, { base: 'a b' }), true)).toEqual({
      kind: 'merged',
      value: 'x a b y',
    });
    expect(decideField('a b', meta(9), edit('a c', 3), true)).toEqual({
      kind: 'conflict',
      incoming: 'a c',
    });
  });
});
