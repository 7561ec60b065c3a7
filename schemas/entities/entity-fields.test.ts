import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { flattenEntity, unflattenEntity } from './entity-fields';

describe('child rows as flat field maps', () => {
  test('a safety concern round-trips, its list of people included', () => {
    const concern = {
      caseId: 'AB-1234',
      what: 'Bruising seen',
      whoWasTold: [
        { name: 'Duty manager', role: 'Manager', at: '2026-05-01T09:05:00Z' },
        { name: 'Director', role: 'Director', at: '2026-05-01T09:10:00Z' },
      ],
    };
    const flat = flattenEntity(concern);
    expect(flat['whoWasTold.1.role']).toBe('Director');
    expect(unflattenEntity(flat)).toEqual(concern);
  });

  test('any nested record of scalars round-trips', () => {
    const leaf = fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.boolean());
    const key = fc.stringMatching(/^[a-z][a-zA-Z]{0,8}$/);
    const entity = fc.dictionary(
      key,
      fc.oneof(
        leaf,
        fc.dictionary(key, leaf, { minKeys: 1 }),
        fc.array(fc.dictionary(key, leaf, { minKeys: 1 }), { minLength: 1, maxLength: 3 }),
      ),
    );
    fc.assert(
      fc.property(entity, (value) => {
        expect(unflattenEntity(flattenEntity(value))).toEqual(value);
      }),
      { seed: 20261201, numRuns: 200 },
    );
  });

  test('a path another device wrote cannot reach the prototype of every object', () => {
    const out = unflattenEntity({
      '__proto__.polluted': 'yes',
      'a.__proto__.polluted': 'yes',
      'constructor.prototype.polluted': 'yes',
      'b.constructor.prototype.polluted': 'yes',
      what: 'kept',
    });
    expect(out).toEqual({ what: 'kept' });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});
