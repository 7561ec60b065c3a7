import type { RetentionKind } from '../../../schemas/admin/retention';

/** What each kind of record is called on the administration screens. */
export const recordKindLabels: Record<RetentionKind, string> = {
  'cp-conference-chairing': 'Child protection conference chairing',
  'lac-review-chairing': 'Looked-after child review chairing',
  'frontline-practice': 'Frontline practice observation',
  'family-feedback-call': 'Family feedback call',
  'single-case-audit': 'Single case audit',
  'safety-concern': 'Safety concern',
};
