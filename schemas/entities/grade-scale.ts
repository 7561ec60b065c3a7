import { z } from 'zod';
import { keySchema } from './common';

// Grade scales are data, not code: an authority, or a new Ofsted framework, can change labels
// (or add a scale) without a release. Records store only the stable `key`; labels are looked up
// when shown. Change a label freely; never change what a key means — make a new scale instead.

export const gradePointSchema = z.strictObject({
  key: keySchema,
  label: z.string().min(1).max(100),
  /** 1 is the best point; larger ranks are worse. */
  rank: z.number().int().min(1),
});

export const gradeScaleSchema = z
  .strictObject({
    id: keySchema,
    version: z.number().int().min(1),
    title: z.string().min(1).max(200),
    points: z.array(gradePointSchema).min(2).max(10),
    notObserved: z.strictObject({ key: keySchema, label: z.string().min(1).max(100) }),
  })
  .superRefine((scale, ctx) => {
    const keys = new Set<string>();
    const ranks = new Set<number>();
    scale.points.forEach((point, i) => {
      if (keys.has(point.key)) {
        ctx.addIssue({ code: 'custom', path: ['points', i, 'key'], message: 'Keys must differ' });
      }
      if (ranks.has(point.rank)) {
        ctx.addIssue({ code: 'custom', path: ['points', i, 'rank'], message: 'Ranks must differ' });
      }
      keys.add(point.key);
      ranks.add(point.rank);
    });
    if (keys.has(scale.notObserved.key)) {
      ctx.addIssue({
        code: 'custom',
        path: ['notObserved', 'key'],
        message: 'The not-observed key must differ from every grade key',
      });
    }
  });

export type GradePoint = z.infer<typeof gradePointSchema>;
export type GradeScale = z.infer<typeof gradeScaleSchema>;

/** Ofsted ILACS four points, in the current wording ("Requires improvement to be good"). */
export const ofstedGradeScale = {
  id: 'ofsted-ilacs',
  version: 1,
  title: 'Ofsted ILACS four-point scale',
  points: [
    { key: 'outstanding', label: 'Outstanding', rank: 1 },
    { key: 'good', label: 'Good', rank: 2 },
    { key: 'requires-improvement-to-be-good', label: 'Requires improvement to be good', rank: 3 },
    { key: 'inadequate', label: 'Inadequate', rank: 4 },
  ],
  notObserved: { key: 'not-observed', label: 'Not observed' },
} as const satisfies GradeScale;

export const builtInGradeScales: readonly GradeScale[] = [ofstedGradeScale];

export function findGradeScale(
  id: string,
  scales: readonly GradeScale[] = builtInGradeScales,
): GradeScale | undefined {
  return scales.find((scale) => scale.id === id);
}

/** The label to show for a stored key, or undefined if the scale has no such key. */
export function gradeLabel(scale: GradeScale, key: string): string | undefined {
  if (key === scale.notObserved.key) return scale.notObserved.label;
  return scale.points.find((point) => point.key === key)?.label;
}

export function isGradePointKey(scale: GradeScale, key: string): boolean {
  return scale.points.some((point) => point.key === key);
}

/** Any key a graded item may hold: a point, or "not observed". */
export function isGradeAnswerKey(scale: GradeScale, key: string): boolean {
  return key === scale.notObserved.key || isGradePointKey(scale, key);
}

/** Points best first, for radios (GOV.UK: none pre-selected; "Not observed" comes last). */
export function pointsBestFirst(scale: GradeScale): GradePoint[] {
  return [...scale.points].sort((a, b) => a.rank - b.rank);
}

export function worstPoint(scale: GradeScale): GradePoint {
  const ordered = pointsBestFirst(scale);
  const worst = ordered[ordered.length - 1];
  if (!worst) throw new Error('A grade scale has at least two points');
  return worst;
}
