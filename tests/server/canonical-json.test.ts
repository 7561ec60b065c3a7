// The audit trail hashes content as canonical JSON (sorted keys), so equal content always hashes
// equally; a push writes a new record's fields in that form and builds the creation's audit
// content around them (canonicalObjectOf) instead of serialising the fields twice. Both must give
// exactly the bytes of the definition.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { canonicalJson, canonicalObjectOf } from '../../sync-server/src/audit/chain';

/** The same value with every object's keys in another order. */
function reorder(value: unknown, seed: number): unknown {
  if (Array.isArray(value)) return value.map((v, i) => reorder(v, seed + i));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  entries.sort((a, b) => ((a[0].length * 31 + seed) % 7) - ((b[0].length * 31 + seed) % 7));
  entries.reverse();
  return Object.fromEntries(entries.map(([k, v]) => [k, reorder(v, seed + 1)]));
}

describe('canonicalJson', () => {
  test('sorts keys at every level by UTF-16 code units and leaves out undefined members', () => {
    expect(
      canonicalJson({ b: 1, a: [{ d: null, c: 'x' }, undefined], u: undefined, é: true, Z: 2 }),
    ).toBe('{"Z":2,"a":[{"c":"x","d":null},null],"b":1,"é":true}');
    expect(canonicalJson({ '10': 1, '9': 2, '1a': 3 })).toBe('{"10":1,"1a":3,"9":2}');
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson('a\u2028"b')).toBe(JSON.stringify('a\u2028"b'));
  });

  test('equal content gives equal bytes whatever the order of its keys, and reads back equal', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 0, max: 1000 }), (value, seed) => {
        const json = canonicalJson(value);
        expect(canonicalJson(reorder(value, seed))).toBe(json);
        expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { seed: 20261201, numRuns: 500 },
    );
  });
});

describe('canonicalObjectOf', () => {
  test('members given as canonical JSON make the canonical JSON of the whole object', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (object) => {
        const members = Object.fromEntries(
          Object.entries(object).map(([k, v]) => [k, canonicalJson(v)]),
        );
        expect(canonicalObjectOf(members)).toBe(canonicalJson(object));
      }),
      { seed: 20261201, numRuns: 500 },
    );
  });

  test('a creation’s audit content, as a push builds it', () => {
    const set = {
      'summary.strengths': 'Calm, clear',
      kind: 'frontline-practice',
      templateVersion: 1,
    };
    const content = { type: 'observation', scopeId: 's-1', parentId: null, after: set };
    expect(
      canonicalObjectOf({
        type: JSON.stringify('observation'),
        scopeId: JSON.stringify('s-1'),
        parentId: JSON.stringify(null),
        after: canonicalJson(set),
      }),
    ).toBe(canonicalJson(content));
  });
});
