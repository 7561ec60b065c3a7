import { describe, expect, test } from 'vitest';
import { builtInGradeScales } from '../entities/grade-scale';
import { moderatorAgrees } from './moderation-agreement';

const scale = builtInGradeScales[0]!;
const grades = scale.points.map((p) => p.key);

describe('whether a moderator agrees with the observer’s grade', () => {
  test('with a grade given, the grades decide, whatever was said (every pair, agree or not)', () => {
    for (const observer of grades)
      for (const moderator of grades)
        for (const agrees of [true, false, undefined])
          expect(moderatorAgrees(observer, moderator, agrees), `${observer}/${moderator}`).toBe(
            observer === moderator,
          );
  });

  test('“No, I disagree” with the observer’s own grade agrees', () => {
    expect(moderatorAgrees('good', 'good', false)).toBe(true);
  });

  test('with no grade given, agree or disagree decides', () => {
    for (const observer of [...grades, undefined])
      for (const none of [undefined, null, '']) {
        expect(moderatorAgrees(observer, none, true)).toBe(true);
        expect(moderatorAgrees(observer, none, false)).toBe(false);
      }
  });

  test('a grade the observer did not give never agrees', () => {
    for (const moderator of grades) expect(moderatorAgrees(undefined, moderator, true)).toBe(false);
  });

  test('neither a grade nor a view: nothing to judge', () => {
    expect(moderatorAgrees('good', undefined, undefined)).toBeUndefined();
    expect(moderatorAgrees('good', null, 'yes')).toBeUndefined();
  });
});
