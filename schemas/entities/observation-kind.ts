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

/** What each kind is called on screen. */
export const observationKindLabels: Record<ObservationKind, string> = {
  'cp-conference-chairing': 'Child protection conference chairing',
  'lac-review-chairing': 'Looked-after child review chairing',
  'frontline-practice': 'Frontline practice observation',
  'family-feedback-call': 'Family feedback call',
  'single-case-audit': 'Single case audit',
};
