import { unflattenEntity } from '../entities/entity-fields';
import type { FamilyCallAttempt } from '../entities/family-call-attempt';
import type { FieldValue } from '../entities/field-value';
import type { ImprovementAction } from '../entities/improvement-action';
import type { Observation } from '../entities/observation';
import type { Template } from '../entities/template';
import { checkCompleteness } from './completeness';
import type { CompletenessOptions, Problem } from './completeness';

// Whether an observation may move to submitted, judged from its records as they sync: the
// observation and its child rows as flat field maps. The tablet's Submit and the server's check of
// a push that submits use the same completeness rules (completeness.ts) on the same entities, made
// from the rows here; the server leaves out only what it cannot know (safety concerns travel on
// their own route) and what the tablet keeps unsent (a value held back is the tablet's own check).

/** A child row as a store holds it: its id, its parent, its fields, and when it last changed. */
export type ChildRow = {
  id: string;
  parentId: string | null;
  fields: Readonly<Record<string, FieldValue>>;
  updatedAt: string;
  deleted?: boolean;
};

/** An improvement action from its row (missing fields as a new action has them). */
export function actionFromRow(row: Omit<ChildRow, 'parentId'>): ImprovementAction {
  const f = unflattenEntity(row.fields) as Record<string, unknown>;
  return {
    status: 'open',
    what: '',
    ...(f as Partial<ImprovementAction>),
    id: row.id,
    createdAt: typeof f['createdAt'] === 'string' ? f['createdAt'] : row.updatedAt,
    updatedAt: row.updatedAt,
    ...(row.deleted ? { deleted: true } : {}),
  } as ImprovementAction;
}

/** A call attempt from its row: it belongs to its parent, whatever its fields say. */
export function callAttemptFromRow(row: ChildRow): FamilyCallAttempt {
  const f = unflattenEntity(row.fields) as Record<string, unknown>;
  return {
    outcome: 'no-answer',
    at: row.updatedAt,
    ...(f as Partial<FamilyCallAttempt>),
    id: row.id,
    observationId: row.parentId ?? '',
  } as FamilyCallAttempt;
}

/** The child rows of an observation that count towards its completeness, by type. */
export type SubmissionChildren = {
  actions: readonly ChildRow[];
  attempts: readonly ChildRow[];
};

/**
 * What stands in the way of submitting the observation as its records are, where its safety
 * concerns are not at hand (the server): every completeness problem but those about concerns.
 * Deleted child rows do not count. `latestDate`: the latest day a date of something that happened
 * may be (past-dates.ts `latestDayOnServer`).
 */
export function submissionProblems(
  observation: Observation,
  template: Template,
  children: SubmissionChildren,
  options: Pick<CompletenessOptions, 'gradeScales' | 'latestDate'> & { latestDate: string },
): Problem[] {
  const live = <T extends { deleted?: boolean }>(rows: readonly T[]) =>
    rows.filter((r) => !r.deleted);
  return checkCompleteness(
    observation,
    template,
    {
      actions: live(children.actions).map(actionFromRow),
      attempts: live(children.attempts).map(callAttemptFromRow),
    },
    { ...options, concernsElsewhere: true },
  );
}

/** How many problems a refusal names before saying how many more there are. */
export const PROBLEMS_NAMED = 3;

/**
 * The problems in a sentence a person can act on: the first few in the check page's own words,
 * then how many more. `Enter the case ID; Select an overall judgement; and 4 more`.
 */
export function describeProblems(problems: readonly Problem[]): string {
  const named = problems.slice(0, PROBLEMS_NAMED).map((p) => p.message);
  const more = problems.length - named.length;
  return more > 0 ? `${named.join('; ')}; and ${more} more` : named.join('; ');
}
