import { DomainError, errorCodes, messages } from '../errors';
import { KEY_PATTERN } from './common';
import type { FieldValue } from './field-value';
import type { Observation } from './observation';
import { findItem } from './template';
import type { Template } from './template';

// The record as a flat map of field paths, which is what the sync engine merges, what amendments
// record and what the error summary links to. Paths:
//
//   header     id, kind, templateId, templateVersion, ownerId, scopeId, serviceId, status,
//              sharedWithPractitioner, createdAt, updatedAt, submittedAt, submittedTimescales,
//              deleted
//   context    context.observedName ... context.caseId, context.consent.given ...
//   responses  responses.<itemId>.value, responses.<itemId>.evidence,
//              responses.<itemId>.choices.<optionKey> (multiple choice: true when ticked)
//   summary    summary.strengths ... summary.feedback.held ... summary.reflection
//   family     family.whoAnswered ... family.auditorSummary
//   handling   practitionerResponse (the practitioner's own, once shared with them),
//              sampleDiscussion.heldOn, sampleDiscussion.note (single case audits),
//              goodPractice.what, .note, .by, .byName, .on (schemas/rules/handling-paths.ts)
//
// New fields are additive; never reuse a path with a new meaning.

export type MergeKind = 'text' | 'scalar';

/** Every fixed path, and whether it is free text (three-way text merge) or a scalar (whole value). */
export const staticFieldPaths = {
  id: 'scalar',
  kind: 'scalar',
  templateId: 'scalar',
  templateVersion: 'scalar',
  ownerId: 'scalar',
  scopeId: 'scalar',
  serviceId: 'scalar',
  status: 'scalar',
  sharedWithPractitioner: 'scalar',
  createdAt: 'scalar',
  updatedAt: 'scalar',
  submittedAt: 'scalar',
  submittedTimescales: 'scalar',
  deleted: 'scalar',
  'context.observedName': 'scalar',
  'context.observedRole': 'scalar',
  'context.observedUserId': 'scalar',
  'context.setting': 'scalar',
  'context.date': 'scalar',
  'context.startTime': 'scalar',
  'context.caseId': 'scalar',
  'context.linkedObservationId': 'scalar',
  'context.assignmentId': 'scalar',
  'context.consent.given': 'scalar',
  'context.consent.byWhom': 'scalar',
  'context.consent.how': 'text',
  'context.consent.declinedParts': 'text',
  'summary.strengths': 'text',
  'summary.areasForDevelopment': 'text',
  'summary.overallGrade': 'scalar',
  'summary.overallReasons': 'text',
  'summary.feedback.held': 'scalar',
  'summary.feedback.date': 'scalar',
  'summary.feedback.restorative': 'scalar',
  'summary.feedback.notes': 'text',
  'summary.reflection': 'text',
  'family.whoAnswered': 'scalar',
  'family.whoAnsweredDetail': 'scalar',
  'family.language': 'scalar',
  'family.interpreterUsed': 'scalar',
  'family.familyWords': 'text',
  'family.auditorSummary': 'text',
  practitionerResponse: 'text',
  'sampleDiscussion.heldOn': 'scalar',
  'sampleDiscussion.note': 'text',
  'goodPractice.what': 'scalar',
  'goodPractice.note': 'text',
  'goodPractice.by': 'scalar',
  'goodPractice.byName': 'scalar',
  'goodPractice.on': 'scalar',
} as const satisfies Record<string, MergeKind>;

export type StaticFieldPath = keyof typeof staticFieldPaths;

/** Fixed for the life of a record; a change to one of these is a bug or an attack. */
export const immutableFieldPaths: readonly StaticFieldPath[] = [
  'id',
  'kind',
  'templateId',
  'createdAt',
];

export type FieldPathInfo =
  | { kind: 'static'; path: StaticFieldPath }
  | { kind: 'response'; itemId: string; leaf: 'value' | 'evidence' }
  | { kind: 'choice'; itemId: string; optionKey: string };

export function responsePath(itemId: string, leaf: 'value' | 'evidence'): string {
  return `responses.${itemId}.${leaf}`;
}

export function choicePath(itemId: string, optionKey: string): string {
  return `responses.${itemId}.choices.${optionKey}`;
}

const isKey = (s: string) => s.length <= 64 && KEY_PATTERN.test(s);

function isStaticPath(path: string): path is StaticFieldPath {
  return Object.hasOwn(staticFieldPaths, path);
}

// Paths recur (every record of a template has the same ones; the server checks each path of each
// change more than once), so answers are remembered, up to a bound since paths come from devices.
const PARSED_PATHS_KEPT = 10_000;
const parsedPaths = new Map<string, Readonly<FieldPathInfo> | undefined>();

/** What a path refers to, or undefined if it is not a field of an observation. */
export function parseFieldPath(path: string): Readonly<FieldPathInfo> | undefined {
  const known = parsedPaths.get(path);
  if (known !== undefined || parsedPaths.has(path)) return known;
  const info = readFieldPath(path);
  if (path.length <= 200) {
    if (parsedPaths.size >= PARSED_PATHS_KEPT) parsedPaths.clear();
    parsedPaths.set(path, info && Object.freeze(info));
  }
  return info;
}

function readFieldPath(path: string): FieldPathInfo | undefined {
  if (isStaticPath(path)) return { kind: 'static', path };
  const [root, itemId, leaf, optionKey, ...rest] = path.split('.');
  if (root !== 'responses' || itemId === undefined || !isKey(itemId) || rest.length > 0) {
    return undefined;
  }
  if ((leaf === 'value' || leaf === 'evidence') && optionKey === undefined) {
    return { kind: 'response', itemId, leaf };
  }
  if (leaf === 'choices' && optionKey !== undefined && isKey(optionKey)) {
    return { kind: 'choice', itemId, optionKey };
  }
  return undefined;
}

/**
 * How the sync engine merges a path. Evidence is always free text; a response value is free text
 * only when the template says the item is answered in text, so pass the record's template.
 */
export function fieldMergeKind(path: string, template?: Template): MergeKind {
  const info = parseFieldPath(path);
  if (!info) throw new DomainError(errorCodes.FIELD_PATH_UNKNOWN, messages.fieldPathUnknown(path));
  if (info.kind === 'static') return staticFieldPaths[info.path];
  if (info.kind === 'choice') return 'scalar';
  if (info.leaf === 'evidence') return 'text';
  const located = template ? findItem(template, info.itemId) : undefined;
  return located?.item.response.type === 'text' ? 'text' : 'scalar';
}

export function isFreeTextPath(path: string, template?: Template): boolean {
  return fieldMergeKind(path, template) === 'text';
}

type Bag = Record<string, unknown>;

function readPath(record: Observation, path: string): unknown {
  let node: unknown = record;
  for (const segment of path.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Bag)[segment];
  }
  return node;
}

/** The record as `{ path: value }`, omitting absent fields; responses sorted by item id. */
export function flattenObservation(record: Observation): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  for (const path of Object.keys(staticFieldPaths)) {
    const value = readPath(record, path);
    if (value !== undefined) out[path] = value as FieldValue;
  }
  for (const itemId of Object.keys(record.responses).sort()) {
    const entry = record.responses[itemId];
    if (entry?.value !== undefined) out[responsePath(itemId, 'value')] = entry.value;
    for (const optionKey of Object.keys(entry?.choices ?? {}).sort()) {
      out[choicePath(itemId, optionKey)] = entry?.choices?.[optionKey] as boolean;
    }
    if (entry?.evidence !== undefined) out[responsePath(itemId, 'evidence')] = entry.evidence;
  }
  return out;
}

/**
 * Returns a new record with each change applied; `null` removes a field, and a response entry (or
 * set of choices) left empty is removed. The result is not validated: parse it before storing.
 * Throws on a path that is not a field of an observation (check with `parseFieldPath` first).
 */
export function applyFieldChanges(
  record: Observation,
  changes: Readonly<Record<string, FieldValue>>,
): Observation {
  return applyFieldChangesInPlace(structuredClone(record) as Observation, changes);
}

/**
 * applyFieldChanges on a record the caller owns and gives up (a fresh `newObservation`, say):
 * changed in place and returned, without the copy. Changing entries in place matters: copying an
 * entry per change made a whole record's creation quadratic in its answers.
 */
export function applyFieldChangesInPlace(
  next: Observation,
  changes: Readonly<Record<string, FieldValue>>,
  /** Paths of `changes` to leave out (header fields the caller sets itself). */
  skip?: ReadonlySet<string>,
): Observation {
  const responses = next.responses as Record<string, Bag>;
  const emptied = new Set<string>();
  for (const path of Object.keys(changes)) {
    if (skip?.has(path)) continue;
    const value = changes[path] as FieldValue;
    const info = parseFieldPath(path);
    if (!info) {
      throw new DomainError(errorCodes.FIELD_PATH_UNKNOWN, messages.fieldPathUnknown(path));
    }
    if (info.kind === 'response' || info.kind === 'choice') {
      let entry = responses[info.itemId];
      if (entry === undefined) {
        if (value === null) continue;
        entry = {};
        responses[info.itemId] = entry;
      }
      if (info.kind === 'choice') {
        let choices = entry['choices'] as Bag | undefined;
        if (choices === undefined) {
          if (value === null) continue;
          choices = {};
          entry['choices'] = choices;
        }
        if (value === null) delete choices[info.optionKey];
        else choices[info.optionKey] = value;
      } else if (value === null) {
        delete entry[info.leaf];
      } else {
        entry[info.leaf] = value;
      }
      if (value === null) emptied.add(info.itemId);
      continue;
    }
    const segments = info.path.split('.');
    const leaf = segments.pop() as string;
    let node = next as unknown as Bag;
    for (const segment of segments) {
      const child = node[segment];
      if (typeof child !== 'object' || child === null) node[segment] = {};
      node = node[segment] as Bag;
    }
    if (value === null) delete node[leaf];
    else node[leaf] = value;
  }
  // A response entry (or set of choices) left empty is removed.
  for (const itemId of emptied) {
    const entry = responses[itemId];
    if (entry === undefined) continue;
    const choices = entry['choices'] as Bag | undefined;
    if (choices !== undefined && Object.keys(choices).length === 0) delete entry['choices'];
    if (Object.keys(entry).length === 0) delete responses[itemId];
  }
  return next;
}

export type RecordHeader = {
  id: string;
  ownerId: string;
  scopeId: string;
  createdAt: string;
  updatedAt: string;
};

/**
 * The record a flat field map describes, for the rules that read records (completeness,
 * timeliness, amendments). Header fields the map lacks come from `header`; unknown paths are
 * skipped. The result is not validated: parse it where that matters.
 */
export function observationFromFields(
  fields: Readonly<Record<string, FieldValue>>,
  header: RecordHeader,
): Observation {
  const str = (path: string, fallback: string) =>
    typeof fields[path] === 'string' ? (fields[path] as string) : fallback;
  const base: Observation = {
    id: header.id,
    kind: str('kind', 'frontline-practice') as Observation['kind'],
    templateId: str('templateId', ''),
    templateVersion: typeof fields['templateVersion'] === 'number' ? fields['templateVersion'] : 1,
    ownerId: str('ownerId', header.ownerId),
    scopeId: str('scopeId', header.scopeId),
    serviceId: str('serviceId', header.scopeId),
    status: str('status', 'draft') as Observation['status'],
    sharedWithPractitioner: fields['sharedWithPractitioner'] === true,
    createdAt: str('createdAt', header.createdAt),
    updatedAt: header.updatedAt,
    context: { consent: {} },
    responses: {},
    summary: { feedback: {} },
    family: {},
  };
  const submittedAt = fields['submittedAt'];
  if (typeof submittedAt === 'string') base.submittedAt = submittedAt;
  const submittedTimescales = fields['submittedTimescales'];
  if (typeof submittedTimescales === 'string') base.submittedTimescales = submittedTimescales;
  const header_paths = new Set([
    'id',
    'kind',
    'templateId',
    'templateVersion',
    'ownerId',
    'scopeId',
    'serviceId',
    'status',
    'sharedWithPractitioner',
    'createdAt',
    'updatedAt',
    'submittedAt',
    'submittedTimescales',
    'deleted',
  ]);
  const body: Record<string, FieldValue> = {};
  for (const [path, value] of Object.entries(fields)) {
    if (header_paths.has(path) || value === null || !parseFieldPath(path)) continue;
    body[path] = value;
  }
  return applyFieldChanges(base, body);
}
