import { z } from 'zod';

export const OBSERVATION_KINDS = [
  'cp-conference-chairing',
  'lac-review-chairing',
  'frontline-practice',
  'family-feedback-call',
  'single-case-audit',
] as const;

export const observationKindSchema = z.enum(OBSERVATION_KINDS);

export type ObservationKind = z.infer<typeof observationKindSchema>;

/** The noun used in messages ("Enter the date of the audit"). */
export const recordNoun: Record<ObservationKind, string> = {
  'cp-conference-chairing': 'observation',
  'lac-review-chairing': 'observation',
  'frontline-practice': 'observation',
  'family-feedback-call': 'call',
  'single-case-audit': 'audit',
};
