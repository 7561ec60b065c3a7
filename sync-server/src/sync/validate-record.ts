// Validates what a mutation leaves in an observation against the shared domain: every path is a
// field of an observation, the server's own header fields are not written by devices, and the
// values fit the record's pinned template version. Only problems with the fields this mutation
// wrote reject it: a record that is merely incomplete is a draft, not an error.
import { newObservation } from '../../../schemas/entities/observation';
import type { ObservationKind } from '../../../schemas/entities/observation-kind';
import { parseFieldPath } from '../../../schemas/entities/observation-fields';
import { applyFieldChangesInPlace } from '../../../schemas/entities/observation-fields';
import type { FieldValue } from '../../../schemas/entities/field-value';
import { fieldValueSchema } from '../../../schemas/entities/field-value';
import { parseObservation } from '../../../schemas/rules/validate-observation';
import { builtInTemplates } from '../../../schemas/templates/catalogue';
import type { Template } from '../../../schemas/entities/template';
import { checkChildFields } from '../../../schemas/entities/child-fields';
import { checkAmendmentFields } from '../../../schemas/entities/amendment';
import type { RecordType } from '../../../schemas/sync/records';
import type { Decision } from './authorize';
import { checkAssignmentUpdate } from '../../../schemas/entities/assignment';
import type { LinkedStatuses } from '../../../schemas/entities/assignment';

/**
 * Header fields only the server writes (authorship, scope, timestamps, and the timescales in force
 * at the first submission, which judge the meeting observed).
 */
export const SERVER_HEADER_PATHS = new Set([
  'id',
  'ownerId',
  'scopeId',
  'createdAt',
  'updatedAt',
  'submittedAt',
  'submittedTimescales',
  'deleted',
]);
/** Fixed once the observation exists. */
const IMMUTABLE_PATHS = new Set(['kind', 'templateId']);
const HEADER_FROM_FIELDS = ['status', 'sharedWithPractitioner', 'serviceId', 'templateVersion'];
/** Paths of a field map that are not applied to the record body (the header is set apart). */
const NOT_IN_RECORD_BODY: ReadonlySet<string> = new Set([
  ...SERVER_HEADER_PATHS,
  'kind',
  'templateId',
  ...HEADER_FROM_FIELDS,
]);

export type ObservationHeader = {
  id: string;
  ownerId: string;
  scopeId: string;
  createdAt: string;
  updatedAt: string;
};

const deny = (code: string, message: string): Decision => ({ ok: false, code, message });

export function checkObservationPaths(
  set: Record<string, FieldValue>,
  creating: boolean,
): Decision {
  for (const path of Object.keys(set)) {
    if (!parseFieldPath(path))
      return deny('FIELD_PATH_UNKNOWN', `‘${path}’ is not a field of an observation.`);
    if (SERVER_HEADER_PATHS.has(path))
      return deny('SERVER_OWNED_FIELD', `${path} is set by the server.`);
    if (!creating && IMMUTABLE_PATHS.has(path))
      return deny('FIELD_IMMUTABLE', `${path} cannot change once the observation exists.`);
  }
  if (creating) {
    for (const required of ['kind', 'templateId', 'templateVersion'] as const) {
      if (set[required] === undefined || set[required] === null)
        return deny('FIELD_REQUIRED', `A new observation needs its ${required}.`);
    }
  }
  return { ok: true };
}

/** Checks the record as it would be after the mutation; only the written paths count. */
export function checkObservationValues(
  header: ObservationHeader,
  fields: Record<string, FieldValue>,
  written: readonly string[],
  /** The built-in catalogue and the authority's published local templates. */
  templates: readonly Template[] = builtInTemplates,
): Decision {
  const base = newObservation({
    id: header.id,
    kind: String(fields['kind'] ?? '') as ObservationKind,
    templateId: String(fields['templateId'] ?? ''),
    templateVersion: Number(fields['templateVersion'] ?? 0),
    ownerId: header.ownerId,
    scopeId: header.scopeId,
    serviceId: String(fields['serviceId'] ?? header.scopeId),
    now: header.createdAt,
  });
  // `base` is this call's own, fresh record: changed in place rather than copied first.
  const record = applyFieldChangesInPlace(base, fields, NOT_IN_RECORD_BODY) as unknown as Record<
    string,
    unknown
  >;
  for (const path of HEADER_FROM_FIELDS)
    if (fields[path] !== undefined) record[path] = fields[path];
  if (fields['submittedAt'] !== undefined) record['submittedAt'] = fields['submittedAt'];
  record['updatedAt'] = header.updatedAt;

  const result = parseObservation(record, templates);
  if (result.ok) return { ok: true };
  const writtenSet = new Set(written);
  const relevant = result.errors.find(
    (e) =>
      writtenSet.has(e.path) ||
      [...writtenSet].some((w) => e.path.startsWith(`${w}.`) || w.startsWith(`${e.path}.`)) ||
      e.path === 'templateId' ||
      e.path === 'templateVersion' ||
      e.path === 'kind',
  );
  return relevant ? deny(relevant.code, `${relevant.path}: ${relevant.message}`) : { ok: true };
}

const CHILD_TYPES = new Set(['action', 'review-comment', 'call-attempt'] as const);
type ChildType = 'action' | 'review-comment' | 'call-attempt';

/**
 * Child rows carry the flat field maps of schemas/entities/child-fields.ts: an improvement
 * action's status and due date, a moderation comment's item, agreement and grade, a call
 * attempt's outcome. The first problem with what this change writes rejects it. The tablet's
 * copies of the row's own facts must be those facts: `observationId` the parent, `createdBy` the
 * author.
 */
export function checkChildRecordFields(
  type: RecordType,
  set: Record<string, FieldValue>,
  row: { parentId: string | null; ownerId: string },
): Decision {
  if (type === 'amendment') {
    const [problem] = checkAmendmentFields(set);
    if (problem) return deny(problem.code, `${problem.path}: ${problem.message}`);
    if (set['by'] !== row.ownerId)
      return deny('FIELD_MISMATCH', 'by: must be the person who made the amendment.');
  }
  if (!CHILD_TYPES.has(type as ChildType) && type !== 'amendment') return { ok: true };
  const [first] = CHILD_TYPES.has(type as ChildType)
    ? checkChildFields(type as ChildType, set)
    : [];
  if (first) return deny(first.code, `${first.path}: ${first.message}`);
  if (set['observationId'] !== undefined && set['observationId'] !== row.parentId) {
    return deny(
      'FIELD_MISMATCH',
      'observationId: must be the observation this record belongs to (its parent).',
    );
  }
  if (set['createdBy'] !== undefined && set['createdBy'] !== row.ownerId) {
    return deny('FIELD_MISMATCH', 'createdBy: must be the person who added this record.');
  }
  return { ok: true };
}

/**
 * An observer's progress on an assignment: their fields, well formed; done only as the shared rule
 * allows (an observation assignment once its observation is submitted, an audit whole).
 */
export function checkAssignmentProgress(
  set: Record<string, FieldValue>,
  current: Record<string, FieldValue>,
  linked: LinkedStatuses,
): Decision {
  const [first] = checkAssignmentUpdate(set, current, linked);
  return first ? deny(first.code, `${first.path}: ${first.message}`) : { ok: true };
}

/**
 * Whether the merge of two edits is a value the field may hold: each edit fits, but together they
 * can pass the field's length. One that does not fit is kept as a conflict for a person instead.
 */
export function mergedValueFits(
  type: RecordType,
  path: string,
  value: FieldValue,
  record: {
    header: ObservationHeader;
    fields: Record<string, FieldValue>;
    parentId: string | null;
    templates: readonly Template[];
  },
): boolean {
  if (!fieldValueSchema.safeParse(value).success) return false;
  if (type === 'observation')
    return checkObservationValues(
      record.header,
      { ...record.fields, [path]: value },
      [path],
      record.templates,
    ).ok;
  return checkChildRecordFields(
    type,
    { [path]: value },
    {
      parentId: record.parentId,
      ownerId: record.header.ownerId,
    },
  ).ok;
}
