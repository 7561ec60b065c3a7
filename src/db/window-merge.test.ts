// The merge of one window's edit with what another window saved meanwhile: cases by name, then
// properties over any base and any two windows' edits, saved in either order.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { FieldValue } from '../../schemas/sync/records';
import { mergeWindowEdit } from './window-merge';
import type { WindowOutcome } from './window-merge';

const text = (base: FieldValue, stored: FieldValue, edit: FieldValue) =>
  mergeWindowEdit({ base, stored, edit, text: true });

describe('mergeWindowEdit', () => {
  test('nothing saved under the window since its base: its edit, as typed', () => {
    expect(text('Calm.', 'Calm.', 'Calm and kind.')).toEqual({
      kind: 'as-typed',
      value: 'Calm and kind.',
    });
    expect(mergeWindowEdit({ base: 'good', stored: 'good', edit: 'poor', text: false })).toEqual({
      kind: 'as-typed',
      value: 'poor',
    });
  });

  test('the other window saved the same words: as typed, nothing to keep', () => {
    expect(text('Calm.', 'Calm and kind.', 'Calm and kind.')).toEqual({
      kind: 'as-typed',
      value: 'Calm and kind.',
    });
  });

  test('text changed in different places in two windows: both changes, merged word by word', () => {
    expect(
      text(
        'The worker was on time.',
        'Early: the worker was on time.',
        'The worker was on time. She listened.',
      ),
    ).toEqual({ kind: 'merged', value: 'Early: the worker was on time. She listened.' });
  });

  test('text changed over the same words in two windows: this save wins, the text it replaced is kept aside', () => {
    expect(text('On time.', 'On time. Window A.', 'On time. Window B.')).toEqual({
      kind: 'replaced',
      value: 'On time. Window B.',
      keptAside: 'On time. Window A.',
    });
  });

  test('a window empties the text while the other adds to it: the added words are kept aside', () => {
    expect(text('On time.', 'On time. And kind.', null)).toEqual({
      kind: 'replaced',
      value: null,
      keptAside: 'On time. And kind.',
    });
  });

  test('the other window emptied the text: nothing of it to keep', () => {
    const outcome = text('On time.', null, 'On time and kind.');
    expect(outcome).toMatchObject({ value: 'On time and kind.' });
    expect(outcome).not.toHaveProperty('keptAside');
  });

  test('a window saving its unchanged base never undoes the other window’s words', () => {
    expect(text('On time.', 'On time and kind.', 'On time.')).toEqual({
      kind: 'merged',
      value: 'On time and kind.',
    });
  });

  test('a text absent in the base counts as empty: both windows’ first words are kept', () => {
    expect(text(null, 'Window A.', 'Window B.')).toEqual({
      kind: 'replaced',
      value: 'Window B.',
      keptAside: 'Window A.',
    });
  });

  test('a merged text that does not fit its field is not saved: the other window’s text is kept aside', () => {
    const outcome = mergeWindowEdit({
      base: 'The worker was on time.',
      stored: 'Early: the worker was on time.',
      edit: 'The worker was on time. She listened.',
      text: true,
      fits: (merged) => merged.length <= 40,
    });
    expect(outcome).toEqual({
      kind: 'replaced',
      value: 'The worker was on time. She listened.',
      keptAside: 'Early: the worker was on time.',
    });
  });

  test('scalars (grades, choices, dates): the later save wins, with nothing kept aside', () => {
    expect(
      mergeWindowEdit({ base: 'good', stored: 'outstanding', edit: 'poor', text: false }),
    ).toEqual({ kind: 'replaced', value: 'poor' });
    expect(mergeWindowEdit({ base: 1, stored: 2, edit: 3, text: true })).toEqual({
      kind: 'replaced',
      value: 3,
    });
  });
});

// Words of a base text, and each window's edit of it: a few of its words changed, dropped or
// added to, so the two edits sometimes touch different words and sometimes the same.
const WORDS = ['the', 'worker', 'was', 'on', 'time', 'and', 'kind', 'child', 'spoke', 'first'];
const baseWords = fc.array(fc.constantFrom(...WORDS), { minLength: 0, maxLength: 12 });

type Change = { at: number; kind: 'insert' | 'replace' | 'drop'; word: string };

function applyChanges(words: readonly string[], changes: readonly Change[]): string[] {
  const out = [...words];
  for (const c of changes) {
    const at = out.length === 0 ? 0 : c.at % (out.length + (c.kind === 'insert' ? 1 : 0));
    if (c.kind === 'insert' || out.length === 0) out.splice(at, 0, c.word);
    else if (c.kind === 'replace') out[at] = c.word;
    else out.splice(at, 1);
  }
  return out;
}

const changesBy = (window: 'a' | 'b', kinds: Change['kind'][]) =>
  fc.array(
    fc.record({
      at: fc.nat(20),
      kind: fc.constantFrom(...kinds),
      // Each window's new words are its own, so where each one ended up can be told.
      word: fc.nat(99).map((n) => `${window}${n}`),
    }),
    { minLength: 1, maxLength: 3 },
  );

const join = (words: readonly string[]) => words.join(' ');

/** Window A saves first (nothing under it), then window B saves against what A left. */
function aThenB(
  base: string,
  a: string,
  b: string,
): { first: WindowOutcome; second: WindowOutcome } {
  const first = text(base, base, a);
  return { first, second: text(base, first.value, b) };
}

/** Everything a person can still see once both saved: the field and the text kept aside. */
const visible = (o: WindowOutcome) =>
  `${String(o.value)} ${o.kind === 'replaced' ? (o.keptAside ?? '') : ''}`.split(' ');

describe('mergeWindowEdit, for any base and any two windows’ edits', () => {
  test('words added in either window are never lost, whichever window saves last', () => {
    fc.assert(
      fc.property(
        baseWords,
        changesBy('a', ['insert']),
        changesBy('b', ['insert']),
        (words, ca, cb) => {
          const [base, a, b] = [
            join(words),
            join(applyChanges(words, ca)),
            join(applyChanges(words, cb)),
          ];
          for (const [x, y] of [
            [a, b],
            [b, a],
          ] as const) {
            const { second } = aThenB(base, x, y);
            const seen = new Set(visible(second));
            for (const word of [...x.split(' '), ...y.split(' ')]) {
              if (/^[ab]\d/.test(word)) expect(seen).toContain(word);
            }
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  test('whichever window saves last, a clean merge is the same text, and text kept aside is the other window’s', () => {
    fc.assert(
      fc.property(
        baseWords,
        changesBy('a', ['insert', 'replace', 'drop']),
        changesBy('b', ['insert', 'replace', 'drop']),
        (words, ca, cb) => {
          const [base, a, b] = [
            join(words),
            join(applyChanges(words, ca)),
            join(applyChanges(words, cb)),
          ];
          const ab = aThenB(base, a, b).second;
          const ba = aThenB(base, b, a).second;
          // Clean (merged, or one window's edit left nothing to merge): the same text either way.
          expect(ab.kind === 'replaced').toBe(ba.kind === 'replaced');
          if (ab.kind !== 'replaced') expect(ab.value).toBe(ba.value);
          // Not merged: the later save is the field, and the earlier one's text is kept aside
          // (unless the two are the same text, or it was emptied).
          if (ab.kind === 'replaced') {
            expect(ab.value).toBe(b);
            if (a !== '' && a !== b) expect(ab.keptAside).toBe(a);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  test('a merge keeps what each window changed: its words are those of one edit or the other', () => {
    fc.assert(
      fc.property(
        baseWords,
        changesBy('a', ['insert', 'replace', 'drop']),
        changesBy('b', ['insert', 'replace', 'drop']),
        (words, ca, cb) => {
          const [base, a, b] = [
            join(words),
            join(applyChanges(words, ca)),
            join(applyChanges(words, cb)),
          ];
          const outcome = aThenB(base, a, b).second;
          if (outcome.kind !== 'merged' || typeof outcome.value !== 'string') return;
          // Where the other window changed the words around a new word, diff3 sees the two
          // edits overlap and nothing is merged: so a merge holds every new word of both.
          const merged = new Set(outcome.value.split(' '));
          for (const word of [...a.split(' '), ...b.split(' ')]) {
            if (/^[ab]\d/.test(word)) expect(merged).toContain(word);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
