import { describe, expect, test } from 'vitest';
import { parseWith } from '../field-errors';
import {
  findGradeScale,
  gradeLabel,
  gradeScaleSchema,
  isGradeAnswerKey,
  ofstedGradeScale,
  pointsBestFirst,
  worstPoint,
} from './grade-scale';
import type { GradeScale } from './grade-scale';

describe('grade scales as data', () => {
  test('the default is the current Ofsted four points, stored as stable keys', () => {
    expect(parseWith(gradeScaleSchema, ofstedGradeScale).ok).toBe(true);
    expect(pointsBestFirst(ofstedGradeScale).map((p) => [p.key, p.label])).toEqual([
      ['outstanding', 'Outstanding'],
      ['good', 'Good'],
      ['requires-improvement-to-be-good', 'Requires improvement to be good'],
      ['inadequate', 'Inadequate'],
    ]);
    expect(ofstedGradeScale.notObserved).toEqual({ key: 'not-observed', label: 'Not observed' });
    expect(worstPoint(ofstedGradeScale).key).toBe('inadequate');
  });

  test('labels are looked up from keys, so an authority can relabel without touching records', () => {
    const relabelled: GradeScale = {
      ...ofstedGradeScale,
      version: 2,
      points: ofstedGradeScale.points.map((p) =>
        p.key === 'good' ? { ...p, label: 'Strong' } : p,
      ),
    };
    expect(gradeLabel(ofstedGradeScale, 'good')).toBe('Good');
    expect(gradeLabel(relabelled, 'good')).toBe('Strong');
    expect(gradeLabel(relabelled, 'not-observed')).toBe('Not observed');
    expect(gradeLabel(relabelled, 'Good')).toBeUndefined();
  });

  test('answer keys include not observed; labels are not keys', () => {
    expect(isGradeAnswerKey(ofstedGradeScale, 'not-observed')).toBe(true);
    expect(isGradeAnswerKey(ofstedGradeScale, 'requires-improvement-to-be-good')).toBe(true);
    expect(isGradeAnswerKey(ofstedGradeScale, 'Requires improvement')).toBe(false);
  });

  test('a scale from configuration is validated', () => {
    const bad = {
      ...ofstedGradeScale,
      points: [
        { key: 'good', label: 'Good', rank: 1 },
        { key: 'good', label: 'Also good', rank: 1 },
      ],
      notObserved: { key: 'good', label: 'Not seen' },
    };
    const result = parseWith(gradeScaleSchema, bad);
    expect(result.ok ? [] : result.errors.map((e) => [e.path, e.message])).toEqual([
      ['points.1.key', 'Keys must differ'],
      ['points.1.rank', 'Ranks must differ'],
      ['notObserved.key', 'The not-observed key must differ from every grade key'],
    ]);
  });

  test('lookup by id', () => {
    expect(findGradeScale('ofsted-ilacs')).toBe(ofstedGradeScale);
    expect(findGradeScale('sif-2013')).toBeUndefined();
  });
});
