// What every screen that shows an observation works out from its record: its template, the record
// as the domain sees it, and the words for its kind, status, grades and dates. Shared by the
// observation feature and the oversight features (moderation, reflection, print, actions), which
// may not import each other.
import type { GradeScale } from '../../schemas/entities/grade-scale';
import { createImprovementActionSchema } from '../../schemas/entities/improvement-action';
import type { ImprovementAction } from '../../schemas/entities/improvement-action';
import type { Observation } from '../../schemas/entities/observation';
import type { ObservationKind } from '../../schemas/entities/observation-kind';
import { observationFromFields } from '../../schemas/entities/observation-fields';
import { findTemplateIn } from '../../schemas/entities/template';
import { actionFromRow } from '../../schemas/rules/submission';
import type { Template } from '../../schemas/entities/template';
import type { FieldValue } from '../../schemas/sync/records';
import type { RecordView } from '../db';

export const kindLabels: Record<ObservationKind, string> = {
  'cp-conference-chairing': 'Child protection conference chairing',
  'lac-review-chairing': 'Looked-after child review chairing',
  'frontline-practice': 'Frontline practice observation',
  'family-feedback-call': 'Family feedback call',
  'single-case-audit': 'Single case audit',
};

export const statusLabels: Record<Observation['status'], string> = {
  draft: 'Draft',
  submitted: 'Submitted',
  returned: 'Returned for more evidence',
  moderated: 'Moderated',
  closed: 'Closed',
};

export const actionStatusLabels: Record<ImprovementAction['status'], string> = {
  open: 'Open',
  'in-progress': 'In progress',
  done: 'Done',
  cancelled: 'Cancelled',
};

/** An observation's case ID, when it has one (from its record or its list summary). */
export function caseIdOf(record: Pick<RecordView, 'fields'> | undefined): string | undefined {
  const value = record?.fields['context.caseId'];
  return typeof value === 'string' && value ? value : undefined;
}

export function templateOf(
  view: Pick<RecordView, 'fields'>,
  templates: readonly Template[],
): Template | undefined {
  const id = view.fields['templateId'];
  const version = view.fields['templateVersion'];
  if (typeof id !== 'string' || typeof version !== 'number') return undefined;
  return findTemplateIn(templates, id, version);
}

export function observationOf(view: RecordView): Observation {
  return observationFromFields(view.fields, {
    id: view.id,
    ownerId: view.ownerId ?? '',
    scopeId: view.scopeId ?? '',
    createdAt:
      typeof view.fields['createdAt'] === 'string' ? view.fields['createdAt'] : view.updatedAt,
    updatedAt: view.updatedAt,
  });
}

/** An improvement action from its record, as the server's submission check makes it too. */
export function actionOf(
  view: Pick<RecordView, 'id' | 'fields' | 'updatedAt' | 'deleted'>,
): ImprovementAction {
  return actionFromRow(view);
}

const actionShape = createImprovementActionSchema().shape;

/**
 * What is wrong with one field of an improvement action, judged as the server will (its shared
 * schema); undefined when the value is fine. A value that fails is kept on the tablet, not sent.
 */
export function actionFieldProblem(path: string, value: FieldValue): string | undefined {
  const schema = actionShape[path as keyof typeof actionShape];
  const r = schema?.safeParse(value);
  return r && !r.success ? r.error.issues[0]?.message : undefined;
}

export function gradeLabelOf(scale: GradeScale, key: string | undefined): string | undefined {
  if (key === undefined) return undefined;
  if (key === scale.notObserved.key) return scale.notObserved.label;
  return scale.points.find((p) => p.key === key)?.label;
}

// Dates in words live with the other London time wording; many pages import them from here.
export { formatDate, formatInstant, formatMonth } from '../../schemas/calendar/london-time';
