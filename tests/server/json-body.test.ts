// The body check (plugins/app/json-body.ts) skips its text test when the JSON text held no `\u`
// escape: strictly decoded UTF-8 cannot carry a lone surrogate, and JSON allows no raw NUL, so
// only an escape can bring one in. Over generated bodies, the check with and without that
// shortcut gives the same verdict, and refuses exactly the bodies with broken text or deep nesting.
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { MAX_JSON_DEPTH, checkJsonValue } from '../../sync-server/src/plugins/app/json-body';

// eslint-disable-next-line no-control-regex
const BROKEN = /[\p{Cs}\u0000]/u;
const text = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.constantFrom('\ud800', 'a\udc00b', '\u0000', 'é✓', '\u2028'),
);
const value = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    text,
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('node'), { maxLength: 4 }),
    fc.dictionary(text, tie('node'), { maxKeys: 4 }),
  ),
})).node;

function expected(v: unknown, depth = 0): string | null {
  if (typeof v === 'string') return BROKEN.test(v) ? 'INVALID_TEXT' : null;
  if (v === null || typeof v !== 'object') return null;
  if (depth >= MAX_JSON_DEPTH) return 'NESTING_TOO_DEEP';
  for (const [k, item] of Object.entries(v)) {
    if (!Array.isArray(v) && BROKEN.test(k)) return 'INVALID_TEXT';
    const inner = expected(item, depth + 1);
    if (inner) return inner;
  }
  return null;
}

const nest = (v: unknown, levels: number): unknown => (levels === 0 ? v : [nest(v, levels - 1)]);

test('the shortcut never changes a verdict, for bodies as JSON text carries them', () => {
  fc.assert(
    fc.property(value, fc.integer({ min: 0, max: MAX_JSON_DEPTH + 2 }), (v, levels) => {
      const json = JSON.stringify(nest(v, levels));
      const parsed = JSON.parse(json) as unknown;
      const full = checkJsonValue(parsed)?.code ?? null;
      const quick = checkJsonValue(parsed, 'request body', !json.includes('\\u'))?.code ?? null;
      expect(quick).toBe(full);
      // Both may name either problem when a body has both; each is refused exactly when one is.
      expect(full === null).toBe(expected(parsed) === null);
    }),
    { seed: 20261201, numRuns: 2000 },
  );
});
