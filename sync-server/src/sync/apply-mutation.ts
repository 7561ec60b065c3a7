// Applies one mutation inside the push transaction. Returns the result the device will be told,
// and never throws for a problem with the mutation itself: a permanent rejection is a result, so
// the device stops retrying it and shows it against the record.
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { decideField } from '../../../schemas/rules/merge';
import type { FieldDecision, FieldMeta } from '../../../schemas/rules/merge';
import { observationFromFields } from '../../../schemas/entities/observation-fields';
import { describeProblems, submissionProblems } from '../../../schemas/rules/submission';
import { latestDayOnServer } from '../../../schemas/rules/past-dates';
import type { ChildRow } from '../../../schemas/rules/submission';
import type { Problem } from '../../../schemas/rules/completeness';
import type { Mutation, MutationResult } from '../../../schemas/sync/push';
import type { FieldValue, RecordType } from '../../../schemas/sync/records';
import type { AuditEvent } from '../audit/append';
import { canonicalJson, canonicalObjectOf } from '../audit/chain';
import type { Database } from '../storage/database';
import type { RecordsTable } from '../storage/sync-tables';
import { findTemplateIn } from '../../../schemas/entities/template';
import type { Template } from '../../../schemas/entities/template';
import { builtInTemplates } from '../../../schemas/templates/catalogue';
import { SLICE } from '../storage/overlap';
import type { Actor } from './actor';
import {
  canChangeChild,
  canChangeContent,
  canCreate,
  canDelete,
  canRestore,
  canTrackAction,
  canUpdate,
  canWriteHandling,
} from './authorize';
import type { PushRecords } from './push-records';
import type { AccessFacts, Decision, RecordFacts } from './authorize';
import { isTextPath } from '../../../schemas/rules/text-fields';
import { checkShare, shareTarget, syncShareGrant } from './share';
import { isErased } from '../retention/retention';
import {
  checkChildRecordFields,
  checkObservationPaths,
  checkObservationValues,
  checkAssignmentProgress,
  mergedValueFits,
} from './validate-record';
import { REPORTED_TYPES } from '../reports/report-rows';
import { timescalesStamp } from '../../../schemas/timescales';
import { londonDateOf } from '../../../schemas/calendar/london-time';
import type { LocalTimescales } from '../../../schemas/timescales';
import { isObservationAssignment } from '../../../schemas/entities/assignment';
import type { LinkedStatuses } from '../../../schemas/entities/assignment';

type Tx = Transaction<Database>;

/**
 * The key in field_meta for the stamp of every field a record was created with: a field present in
 * the record without an entry of its own has not changed since (each later write adds its own
 * entry). Older rows carry an entry per field, which reads the same. No field path contains '*'.
 */
export const CREATION_STAMP = '*';

export type ApplyContext = {
  tx: Tx;
  actor: Actor;
  access: AccessFacts;
  /** The sequence number of this push transaction. */
  seq: number;
  /** Server time of this push, ISO. */
  now: string;
  /** Device clock minus server clock, to correct edit times. */
  clockOffsetMs: number;
  /** Audit entries for what this push changed, appended in the same transaction. */
  audit: AuditEvent[];
  /** Templates records may be pinned to (built-in and published local); built-in when absent. */
  templates?: readonly Template[];
  /** Ids among this push's records and parents deleted under retention (read once per push). */
  erased?: ReadonlySet<string>;
  /** The records this push reads and writes, written back at the end of the push. */
  records: PushRecords;
  /** Observations whose report rows this push must rewrite (reports/report-rows.ts). */
  touchedRoots: Set<string>;
  /** What precheckCreations worked out before the push took the counter's lock. */
  prechecked?: ReadonlyMap<Mutation, Precheck>;
  /** The local timescales in force, read once by the push when something needs them. */
  timescalesNow: () => Promise<LocalTimescales>;
};

const reject = (id: number, d: Extract<Decision, { ok: false }>): MutationResult => ({
  id,
  status: 'rejected',
  code: d.code,
  message: d.message,
});

const facts = (row: RecordsTable, fields: Record<string, FieldValue>): RecordFacts => ({
  type: row.type as RecordType,
  scopeId: row.scope_id,
  ownerId: row.owner_id,
  rootOwnerId: row.root_owner_id,
  rootId: row.root_id,
  fields,
});

export async function applyMutation(ctx: ApplyContext, m: Mutation): Promise<MutationResult> {
  const { tx, actor, seq, now } = ctx;
  const editedAt = Date.parse(m.at) - ctx.clockOffsetMs;
  // Deleted under the retention schedule: a device that still held it offline cannot revive it.
  const erased = ctx.erased
    ? ctx.erased.has(m.recordId) ||
      (m.parentId !== undefined && m.parentId !== null && ctx.erased.has(m.parentId))
    : await isErased(tx, [m.recordId, m.parentId]);
  if (erased) {
    return reject(m.id, {
      ok: false,
      code: 'RECORD_ERASED',
      message:
        'This record was deleted under the retention schedule, so it can no longer be changed.',
    });
  }
  const row = await ctx.records.get(m.recordId);

  if (!row) {
    if (m.op !== 'put') {
      return reject(m.id, {
        ok: false,
        code: 'RECORD_NOT_FOUND',
        message: 'There is no such record to change.',
      });
    }
    const parent = m.parentId ? await ctx.records.get(m.parentId) : undefined;
    // An assignment has no parent either: it is refused below, by canCreate, for what it is.
    if (m.type !== 'observation' && m.type !== 'assignment' && !m.parentId) {
      return reject(m.id, {
        ok: false,
        code: 'PARENT_REQUIRED',
        message: 'This item must belong to an observation.',
      });
    }
    const scopeId = parent ? parent.scope_id : m.scopeId;
    // A tablet always sends a new observation's team (the db layer will not save one without), so
    // a change with none is to an observation whose start the server never accepted.
    if (!scopeId && m.type !== 'assignment') {
      return reject(m.id, {
        ok: false,
        code: 'OBSERVATION_NOT_ON_SERVER',
        message:
          'The server does not have this observation: the change that started it was refused (its reason is listed with it), so this change could not be saved either. What you typed is listed here.',
      });
    }
    if (!scopeId) {
      return reject(m.id, {
        ok: false,
        code: 'SCOPE_REQUIRED',
        message: 'Choose the team this observation belongs to.',
      });
    }
    const parentFields = parent ? (JSON.parse(parent.fields) as Record<string, FieldValue>) : null;
    const parentFacts = parent && parentFields ? facts(parent, parentFields) : null;
    const assignmentId = m.type === 'observation' ? m.set['context.assignmentId'] : undefined;
    const assignment =
      typeof assignmentId === 'string' ? await ctx.records.get(assignmentId) : undefined;
    const allowed = canCreate(
      actor,
      m.type,
      scopeId,
      parentFacts,
      ctx.access,
      assignment && assignment.deleted === 0
        ? {
            type: assignment.type as RecordType,
            scopeId: assignment.scope_id,
            rootId: assignment.root_id,
            movedFromActor: await wasMovedFrom(ctx, assignment.root_id),
          }
        : null,
    );
    if (!allowed.ok) return reject(m.id, allowed);
    const handling = canWriteHandling(actor, null, m.set, ctx.access, londonDateOf(now));
    if (!handling.ok) return reject(m.id, handling);
    if (parent && parentFacts) {
      const named = await checkAmendmentNamed(ctx, m, parent.id);
      if (!named.ok) return reject(m.id, named);
      const child = canChangeChild(
        parentFacts,
        m.type,
        'create',
        m.set,
        m.amendmentId !== undefined,
      );
      if (!child.ok) return reject(m.id, child);
    }
    if (Object.keys(m.set).some((p) => p.startsWith('server.'))) {
      return reject(m.id, {
        ok: false,
        code: 'SERVER_OWNED_FIELD',
        message: 'Fields under server. are set by the server.',
      });
    }
    const pre = precheckOf(ctx, m);
    if (m.type === 'observation') {
      // A new observation is held to the domain exactly as a change to one is: known paths, no
      // server-owned field, values that fit its pinned template version, and it starts a draft.
      const created = pre?.verdict ?? checkNewObservation(m.recordId, scopeId, m.set, ctx);
      if (!created.ok) return reject(m.id, created);
      const share = await checkShare(ctx, scopeId, m.set, m.set);
      if (!share.ok) return reject(m.id, share);
    }
    const childCheck = checkChildRecordFields(m.type, m.set, {
      parentId: parent?.id ?? null,
      ownerId: actor.userId,
    });
    if (!childCheck.ok) return reject(m.id, childCheck);
    if (m.type === 'amendment' && parent && parentFields) {
      const complete = await checkAmended(ctx, parent, parentFields);
      if (!complete.ok) return reject(m.id, complete);
    }
    // Every field of a new record has the same stamp: stored once (see metaOf), not per field.
    const meta: Record<string, FieldMeta> = {
      [CREATION_STAMP]: { version: seq, editedAt, deviceId: actor.deviceId },
    };
    // Written in canonical form, which the audit content below then holds as it is.
    const fieldsJson = pre?.fieldsJson ?? canonicalJson(m.set);
    const parentId = parent?.id ?? null;
    ctx.records.create(
      {
        id: m.recordId,
        type: m.type,
        scope_id: scopeId,
        parent_id: parentId,
        root_id: parent?.root_id ?? m.recordId,
        owner_id: actor.userId,
        root_owner_id: parent?.root_owner_id ?? actor.userId,
        seq,
        deleted: 0,
        fields: fieldsJson,
        field_meta: JSON.stringify(meta),
        created_at: now,
        updated_at: now,
      },
      m.set,
    );
    ctx.audit.push({
      userId: actor.userId,
      deviceId: actor.deviceId,
      action: 'create',
      recordId: m.recordId,
      content: { type: m.type, scopeId, parentId, after: m.set },
      contentJson: pre?.contentJson ?? creationContentJson(m.type, scopeId, parentId, fieldsJson),
    });
    if (m.type === 'observation' && shareTarget(m.set) !== null)
      await syncShareGrant(ctx, m.recordId, m.set);
    if (REPORTED_TYPES.has(m.type)) ctx.touchedRoots.add(parent?.root_id ?? m.recordId);
    return { id: m.id, status: 'applied' };
  }

  if (row.type !== m.type) {
    return reject(m.id, {
      ok: false,
      code: 'TYPE_MISMATCH',
      message: 'This record is of another kind.',
    });
  }
  const fields = JSON.parse(row.fields) as Record<string, FieldValue>;
  const meta = JSON.parse(row.field_meta) as Record<string, FieldMeta>;
  const metaOf = (path: string): FieldMeta | undefined =>
    Object.hasOwn(meta, path)
      ? meta[path]
      : Object.hasOwn(fields, path)
        ? meta[CREATION_STAMP]
        : undefined;
  const recordFacts = facts(row, fields);
  let deleted = row.deleted === 1;
  const conflicts: string[] = [];
  const merged: string[] = [];
  let changed = false;
  const before: Record<string, FieldValue> = {};
  const after: Record<string, FieldValue> = {};

  // The observation this record is, or belongs to: an edit naming an amendment names one of it,
  // and a child row's change is judged by its status.
  const observation =
    row.type === 'observation' ? recordFacts : await parentFactsOf(ctx, row.parent_id);
  const observationId = row.type === 'observation' ? row.id : row.parent_id;
  const amending = m.amendmentId !== undefined;
  /** After the change is authorized: what it names is checked only for one who may make it. */
  const checkNamed = (): Promise<Decision> =>
    observation && observationId !== null
      ? checkAmendmentNamed(ctx, m, observationId)
      : Promise.resolve({ ok: true });

  if (m.op === 'delete') {
    const allowed = canDelete(actor, recordFacts);
    if (!allowed.ok) return reject(m.id, allowed);
    const named = await checkNamed();
    if (!named.ok) return reject(m.id, named);
    if (observation && row.type !== 'observation') {
      const child = canChangeChild(observation, row.type as RecordType, 'delete', {}, amending);
      if (!child.ok) return reject(m.id, child);
    }
    if (!deleted) {
      deleted = true;
      changed = true;
      if (row.type === 'observation') await unlinkAssignmentOf(ctx, row.id, fields);
      // Someone else changed it after this device last saw it: offer them a restore.
      const othersEdited = Object.values(meta).some(
        (f) => f.version > m.baseVersion && f.deviceId !== actor.deviceId,
      );
      if (othersEdited) {
        await addConflict(ctx, row.id, '', 'deleted', null, null, undefined);
        conflicts.push('');
      }
    }
  } else {
    const paths = Object.keys(m.set);
    // The record's own facts, for checking what its fields would be after this change.
    const header = {
      id: row.id,
      ownerId: row.owner_id,
      scopeId: row.scope_id,
      createdAt: row.created_at,
      updatedAt: now,
    };
    const restoring = m.op === 'restore' && (deleted || paths.length === 0);
    const check: Decision = restoring ? canRestore(actor, recordFacts) : { ok: true };
    if (!check.ok) return reject(m.id, check);
    if (!(m.op === 'restore' && paths.length === 0)) {
      const fieldCheck = canUpdate(actor, recordFacts, paths, m.set['status'], ctx.access);
      if (!fieldCheck.ok) return reject(m.id, fieldCheck);
      const handling = canWriteHandling(actor, recordFacts, m.set, ctx.access, londonDateOf(now));
      if (!handling.ok) return reject(m.id, handling);
    }
    const named = await checkNamed();
    if (!named.ok) return reject(m.id, named);
    if (row.type === 'observation' && paths.length > 0) {
      const pathCheck = checkObservationPaths(m.set, false);
      if (!pathCheck.ok) return reject(m.id, pathCheck);
      const content = canChangeContent(recordFacts, m.set, amending);
      if (!content.ok) return reject(m.id, content);
      const values = checkObservationValues(header, { ...fields, ...m.set }, paths, ctx.templates);
      if (!values.ok) return reject(m.id, values);
      const share = await checkShare(ctx, row.scope_id, m.set, { ...fields, ...m.set });
      if (!share.ok) return reject(m.id, share);
    }
    const childCheck = checkChildRecordFields(row.type as RecordType, m.set, {
      parentId: row.parent_id,
      ownerId: row.owner_id,
    });
    if (!childCheck.ok) return reject(m.id, childCheck);
    if (row.type === 'assignment') {
      const linked = m.set['completedAt'] ? await linkedStatuses(ctx, { ...fields, ...m.set }) : {};
      const progress = checkAssignmentProgress(m.set, fields, linked);
      if (!progress.ok) return reject(m.id, progress);
    }
    if (observation && row.type !== 'observation') {
      const change = m.op === 'restore' ? 'restore' : 'update';
      const child = canChangeChild(observation, row.type as RecordType, change, m.set, amending);
      if (!child.ok) return reject(m.id, child);
      if (row.type === 'action') {
        const tracking = canTrackAction(observation, fields, m.set, amending);
        if (!tracking.ok) return reject(m.id, tracking);
      }
    }
    // Each field's merge is decided before anything is written, so a submission is judged on the
    // observation as this change would leave it, and refused with nothing written.
    const decisions: Array<{ path: string; decision: FieldDecision }> = [];
    for (const path of paths) {
      const value = m.set[path] as FieldValue;
      let decision = decideField(
        fields[path],
        metaOf(path),
        {
          value,
          base: m.base?.[path],
          baseVersion: m.baseVersion,
          editedAt,
          deviceId: actor.deviceId,
        },
        isTextPath(row.type as RecordType, fields, path, value, ctx.templates),
      );
      if (
        decision.kind === 'merged' &&
        !mergedValueFits(row.type as RecordType, path, decision.value, {
          header,
          fields,
          parentId: row.parent_id,
          templates: ctx.templates ?? builtInTemplates,
        })
      )
        decision = { kind: 'conflict', incoming: value };
      decisions.push({ path, decision });
    }
    if (row.type === 'observation' && fields['status'] !== 'submitted') {
      const next = { ...fields };
      for (const { path, decision } of decisions)
        if ('value' in decision) next[path] = decision.value;
      if (next['status'] === 'submitted') {
        const complete = await checkSubmission(ctx, row, next, String(fields['status'] ?? 'draft'));
        if (!complete.ok) return reject(m.id, complete);
      }
    }
    const restored = m.op === 'restore' && deleted;
    if (restored) {
      deleted = false;
      changed = true;
      await tx
        .updateTable('record_conflicts')
        .set({ resolved_at: now, resolved_by: actor.userId })
        .where('record_id', '=', row.id)
        .where('kind', '=', 'deleted')
        .where('resolved_at', 'is', null)
        .execute();
    }
    for (const { path, decision } of decisions) {
      const stamp = { version: seq, editedAt, deviceId: actor.deviceId };
      switch (decision.kind) {
        case 'noop':
          break;
        case 'apply':
        case 'merged':
        case 'won':
          if (decision.kind === 'won')
            await supersede(ctx, row.id, path, decision.superseded, metaOf(path));
          if (decision.kind === 'merged') merged.push(path);
          before[path] = fields[path] ?? null;
          after[path] = decision.value;
          fields[path] = decision.value;
          meta[path] = stamp;
          changed = true;
          break;
        case 'lost':
          await supersede(ctx, row.id, path, decision.superseded, stamp);
          break;
        case 'conflict':
          await keepTextConflict(ctx, row.id, path, fields[path] ?? null, decision.incoming, m);
          conflicts.push(path);
          changed = true;
          break;
      }
    }
    // Before a submission in the same change, which then completes the assignment it links.
    if (restored && row.type === 'observation')
      await relinkAssignmentOf(ctx, row.id, row.owner_id, fields);
    if (row.type === 'observation' && after['status'] === 'submitted') {
      // The first submission is stamped by the server, never by a device's clock; and so are the
      // timescales in force at that moment, which judge the meeting observed from then on (a
      // change of settings later, a return and submitting again, an amendment: none stamps it
      // again). Every submission but the first finds both already there.
      if (!fields['submittedAt']) {
        fields['submittedAt'] = now;
        after['submittedAt'] = now;
      }
      if (typeof fields['submittedTimescales'] !== 'string') {
        const stamp = timescalesStamp(await ctx.timescalesNow());
        fields['submittedTimescales'] = stamp;
        after['submittedTimescales'] = stamp;
      }
      await completeAssignmentOf(ctx, row.id, row.owner_id, fields);
    }
    if (deleted && m.op === 'put' && paths.length > 0) {
      // Edited on one device after being deleted on another: keep the edit, offer a restore.
      await addConflict(ctx, row.id, '', 'deleted', null, null, undefined);
      conflicts.push('');
      changed = true;
    }
  }

  if (m.resolves?.length) {
    const res = await tx
      .updateTable('record_conflicts')
      .set({ resolved_at: now, resolved_by: actor.userId })
      .where('record_id', '=', row.id)
      .where('id', 'in', m.resolves)
      .where('resolved_at', 'is', null)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) > 0) changed = true;
  }

  if (changed && row.type === 'observation') await syncShareGrant(ctx, row.id, fields);
  if (changed && REPORTED_TYPES.has(row.type)) ctx.touchedRoots.add(row.root_id);

  if (changed) {
    const action = m.op === 'put' ? 'update' : m.op;
    ctx.audit.push({
      userId: actor.userId,
      deviceId: actor.deviceId,
      action,
      recordId: row.id,
      content: { type: row.type, before, after, conflicts, merged, resolves: m.resolves ?? [] },
    });
    ctx.records.update(
      row.id,
      {
        fields: JSON.stringify(fields),
        field_meta: JSON.stringify(meta),
        deleted: deleted ? 1 : 0,
        seq,
        updated_at: now,
      },
      fields,
    );
  }
  const result: MutationResult = { id: m.id, status: 'applied' };
  if (conflicts.length) result.conflicts = conflicts;
  if (merged.length) result.merged = merged;
  return result;
}

/** The facts of a child row's parent observation, as this push holds it. */
async function parentFactsOf(
  ctx: ApplyContext,
  parentId: string | null,
): Promise<RecordFacts | null> {
  if (parentId === null) return null;
  const parent = await ctx.records.get(parentId);
  if (!parent || parent.type !== 'observation') return null;
  return facts(parent, JSON.parse(parent.fields) as Record<string, FieldValue>);
}

/**
 * A change naming an amendment (`amendmentId`) names one of this observation that is still being
 * made: the tablet writes the amendment row when the person finishes, after every edit that names
 * it, so the row cannot be checked for yet. What can be checked is that the id is not a record of
 * another kind or of another observation, and not an amendment already recorded (finished: an edit
 * after it is not part of it).
 */
async function checkAmendmentNamed(
  ctx: ApplyContext,
  m: Mutation,
  observationId: string,
): Promise<Decision> {
  if (m.amendmentId === undefined) return { ok: true };
  const named = await ctx.records.get(m.amendmentId);
  if (!named) return { ok: true };
  if (named.type !== 'amendment' || named.parent_id !== observationId)
    return {
      ok: false,
      code: 'AMENDMENT_MISMATCH',
      message:
        'This change names an amendment that is not one of this observation, so it was not made. What you typed is kept here; to add it, open the observation and choose “Amend this observation”.',
    };
  return {
    ok: false,
    code: 'AMENDMENT_FINISHED',
    message:
      'This change names an amendment that had already been finished, so it was not made: a change after an amendment is finished is not part of it. What you typed is kept here; to add it, open the observation and choose “Amend this observation”.',
  };
}

/**
 * What stands in the way of submitting the observation (`row`, with `fields` as this push leaves
 * it), by the rules the tablet's "Check your answers" runs (schemas/rules/submission.ts), with its
 * child rows as this push holds them, so what earlier changes in the same push wrote or added
 * counts. Safety concerns are left out: they reach the server on their own route. None when its
 * template is gone (its values were checked against it; it has nothing to complete).
 */
async function completenessProblems(
  ctx: ApplyContext,
  row: RecordsTable,
  fields: Record<string, FieldValue>,
): Promise<Problem[]> {
  const templateId = fields['templateId'];
  const version = fields['templateVersion'];
  const template =
    typeof templateId === 'string' && typeof version === 'number'
      ? findTemplateIn(ctx.templates ?? builtInTemplates, templateId, version)
      : undefined;
  if (!template) return [];
  const observation = observationFromFields(fields, {
    id: row.id,
    ownerId: row.owner_id,
    scopeId: row.scope_id,
    createdAt: row.created_at,
    updatedAt: ctx.now,
  });
  const family = await ctx.records.families([row.root_id]);
  const rowsOf = (type: string): ChildRow[] =>
    family
      .filter((r) => r.type === type && r.parent_id === row.id)
      .map((r) => ({
        id: r.id,
        parentId: r.parent_id,
        fields: r.parsedFields ?? (JSON.parse(r.fields) as Record<string, FieldValue>),
        updatedAt: r.created_at,
        deleted: Number(r.deleted) === 1,
      }));
  return submissionProblems(
    observation,
    template,
    { actions: rowsOf('action'), attempts: rowsOf('call-attempt') },
    // A day of slack for a tablet whose clock is ahead of this one near midnight (past-dates.ts).
    { latestDate: latestDayOnServer(ctx.now) },
  );
}

/** An observation may move to submitted only when it is complete (completenessProblems). */
async function checkSubmission(
  ctx: ApplyContext,
  row: RecordsTable,
  fields: Record<string, FieldValue>,
  /** Its status before the change: what it stays when the submission is refused. */
  from: string,
): Promise<Decision> {
  const problems = await completenessProblems(ctx, row, fields);
  if (problems.length === 0) return { ok: true };
  const still = from === 'returned' ? 'returned for more evidence' : 'a draft';
  return {
    ok: false,
    code: 'INCOMPLETE',
    message: `This observation was not submitted: it is not complete. ${describeProblems(problems)}. It is still ${still}; open it, complete what is missing and submit it again.`,
  };
}

/**
 * An amendment row finishes an amendment: the tablet writes it after every edit that names it, so
 * the observation as it stands here (`fields`, as this push holds it) is the observation as
 * amended, and it must still be complete by the rules its submission was held to: an amendment
 * never leaves a submitted observation one that could not have been submitted. Only the row is
 * judged; the edits before it are not (a person may clear an answer before typing it again).
 */
async function checkAmended(
  ctx: ApplyContext,
  observation: RecordsTable,
  fields: Record<string, FieldValue>,
): Promise<Decision> {
  const problems = await completenessProblems(ctx, observation, fields);
  if (problems.length === 0) return { ok: true };
  return {
    ok: false,
    code: 'INCOMPLETE',
    message: `This amendment was not recorded: the observation as amended is not complete. ${describeProblems(problems)}. A submitted observation must stay complete: open it, choose “Amend this observation”, complete what is missing and finish amending again. Your reason is kept here.`,
  };
}

/** A creation's audit content (type, scope, parent and fields) from its fields' canonical JSON. */
function creationContentJson(
  type: string,
  scopeId: string,
  parentId: string | null,
  fieldsJson: string,
): string {
  return canonicalObjectOf({
    type: JSON.stringify(type),
    scopeId: JSON.stringify(scopeId),
    parentId: JSON.stringify(parentId),
    after: fieldsJson,
  });
}

/** What a push works out for a new observation before it takes the counter's lock. */
export type Precheck = {
  /** checkNewObservation's verdict, should the record turn out not to exist. */
  verdict: Decision;
  /** When the verdict is ok: the fields as canonical JSON, and the creation's audit content. */
  fieldsJson?: string;
  contentJson?: string;
};

/**
 * The CPU work of each mutation that would create an observation pinned to a built-in template:
 * its verdict, should its record turn out not to exist, and the JSON it would be written as. It
 * needs nothing the transaction reads (such a mutation has no parent, so its scope is its own;
 * author, time and template are the push's), so it is done before the counter's lock is taken,
 * in slices, while other pushes' statements run (storage/overlap.ts); the lock is then held for
 * little more than the database's own work.
 */
export async function precheckCreations(
  mutations: readonly Mutation[],
  ctx: Pick<ApplyContext, 'actor' | 'now'>,
  between: () => Promise<void>,
): Promise<Map<Mutation, Precheck>> {
  const prechecks = new Map<Mutation, Precheck>();
  let done = 0;
  for (const m of mutations) {
    if (m.op !== 'put' || m.type !== 'observation' || m.parentId || !m.scopeId) continue;
    if (!builtInTemplateOf(m.set)) continue;
    const verdict = checkNewObservation(m.recordId, m.scopeId, m.set, {
      ...ctx,
      templates: builtInTemplates,
    });
    if (verdict.ok) {
      const fieldsJson = canonicalJson(m.set);
      const contentJson = creationContentJson(m.type, m.scopeId, null, fieldsJson);
      prechecks.set(m, { verdict, fieldsJson, contentJson });
    } else {
      prechecks.set(m, { verdict });
    }
    if (++done % SLICE === 0) await between();
  }
  return prechecks;
}

const builtInTemplateOf = (set: Record<string, FieldValue>): Template | undefined =>
  typeof set['templateId'] === 'string' && typeof set['templateVersion'] === 'number'
    ? findTemplateIn(builtInTemplates, set['templateId'], set['templateVersion'])
    : undefined;

/** The precheck of a mutation, if it has one and the push resolves the same template (it should). */
function precheckOf(ctx: ApplyContext, m: Mutation): Precheck | undefined {
  const pre = ctx.prechecked?.get(m);
  if (!pre) return undefined;
  const template = builtInTemplateOf(m.set)!;
  const inPush = findTemplateIn(ctx.templates ?? builtInTemplates, template.id, template.version);
  return inPush === template ? pre : undefined;
}

function checkNewObservation(
  id: string,
  scopeId: string,
  set: Record<string, FieldValue>,
  ctx: Pick<ApplyContext, 'actor' | 'now' | 'templates'>,
): Decision {
  const paths = checkObservationPaths(set, true);
  if (!paths.ok) return paths;
  const status = set['status'];
  if (status !== undefined && status !== 'draft') {
    return {
      ok: false,
      code: 'STATUS_NOT_DRAFT',
      message: `status: a new observation starts as a draft (it was sent as ${JSON.stringify(status)}); submit it once it exists.`,
    };
  }
  const header = {
    id,
    ownerId: ctx.actor.userId,
    scopeId,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  };
  return checkObservationValues(header, set, Object.keys(set), ctx.templates);
}

async function supersede(
  ctx: ApplyContext,
  recordId: string,
  path: string,
  value: FieldValue,
  by: FieldMeta | undefined,
): Promise<void> {
  await ctx.tx
    .insertInto('superseded_values')
    .values({
      record_id: recordId,
      path,
      value: JSON.stringify(value),
      device_id: by?.deviceId ?? ctx.actor.deviceId,
      user_id: ctx.actor.userId,
      edited_at: new Date(by?.editedAt ?? Date.now()).toISOString(),
      seq: ctx.seq,
    })
    .execute();
}

/**
 * A note edited on a device whose last version of it is already in an open conflict: the person
 * is still typing their side, so that conflict takes the new text (and the record's text as it is
 * now) rather than a second one being opened beside it; forty offline edits are one conflict to
 * settle, not forty. The text it replaces goes to the superseded log, so nothing typed is lost.
 */
async function keepTextConflict(
  ctx: ApplyContext,
  recordId: string,
  path: string,
  current: FieldValue,
  incoming: FieldValue,
  m: Mutation,
): Promise<void> {
  const open = await ctx.tx
    .selectFrom('record_conflicts')
    .select(['id', 'incoming_value', 'created_at'])
    .where('record_id', '=', recordId)
    .where('path', '=', path)
    .where('kind', '=', 'text')
    .where('device_id', '=', ctx.actor.deviceId)
    .where('resolved_at', 'is', null)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  if (!open) {
    await addConflict(ctx, recordId, path, 'text', current, incoming, m.base?.[path]);
    return;
  }
  await supersede(ctx, recordId, path, JSON.parse(open.incoming_value) as FieldValue, {
    version: 0,
    editedAt: Date.parse(open.created_at),
    deviceId: ctx.actor.deviceId,
  });
  await ctx.tx
    .updateTable('record_conflicts')
    .set({ current_value: JSON.stringify(current), incoming_value: JSON.stringify(incoming) })
    .where('id', '=', open.id)
    .execute();
}

async function addConflict(
  ctx: ApplyContext,
  recordId: string,
  path: string,
  kind: 'text' | 'deleted',
  current: FieldValue,
  incoming: FieldValue,
  base: FieldValue | undefined,
): Promise<void> {
  await ctx.tx
    .insertInto('record_conflicts')
    .values({
      id: randomUUID(),
      record_id: recordId,
      path,
      kind,
      current_value: JSON.stringify(current),
      incoming_value: JSON.stringify(incoming),
      base_value: base === undefined ? null : JSON.stringify(base),
      device_id: ctx.actor.deviceId,
      user_id: ctx.actor.userId,
      created_at: ctx.now,
      resolved_at: null,
      resolved_by: null,
    })
    .execute();
}

/** The statuses of the records an assignment links to, as this push holds them. */
async function linkedStatuses(
  ctx: ApplyContext,
  fields: Record<string, FieldValue>,
): Promise<LinkedStatuses> {
  const statusOf = async (id: FieldValue | undefined): Promise<string | undefined> => {
    if (typeof id !== 'string') return undefined;
    const linked = await ctx.records.get(id);
    if (!linked || linked.type !== 'observation' || linked.deleted === 1) return undefined;
    const status = (JSON.parse(linked.fields) as Record<string, FieldValue>)['status'];
    return typeof status === 'string' ? status : undefined;
  };
  return {
    observation: await statusOf(fields['observationId']),
    familyCall: await statusOf(fields['familyCallId']),
  };
}

/** Whether the actor was given this assignment and it has since been given to someone else. */
async function wasMovedFrom(ctx: ApplyContext, rootId: string): Promise<boolean> {
  if (ctx.access.grantedRoots.has(rootId)) return false;
  const revoked = await ctx.tx
    .selectFrom('access_revocations')
    .select('seq')
    .where('user_id', '=', ctx.actor.userId)
    .where('kind', '=', 'record')
    .where('target_id', '=', rootId)
    .executeTakeFirst();
  return revoked !== undefined;
}

/** Writes server-derived fields to an assignment at this push's sequence, audited as an update. */
function setAssignmentFields(
  ctx: ApplyContext,
  row: { id: string; type: string; fields: string; field_meta: string },
  set: Record<string, FieldValue>,
): void {
  const fields = JSON.parse(row.fields) as Record<string, FieldValue>;
  const meta = JSON.parse(row.field_meta) as Record<string, FieldMeta>;
  const { seq, now, actor } = ctx;
  const before = Object.fromEntries(Object.keys(set).map((k) => [k, fields[k] ?? null]));
  for (const [path, value] of Object.entries(set)) {
    fields[path] = value;
    meta[path] = { version: seq, editedAt: Date.parse(now), deviceId: actor.deviceId };
  }
  ctx.audit.push({
    userId: actor.userId,
    deviceId: actor.deviceId,
    action: 'update',
    recordId: row.id,
    content: { type: row.type, before, after: set, conflicts: [], merged: [], resolves: [] },
  });
  ctx.records.update(
    row.id,
    {
      fields: JSON.stringify(fields),
      field_meta: JSON.stringify(meta),
      deleted: 0,
      seq,
      updated_at: now,
    },
    fields,
  );
}

/** The open assignment an observation names (`context.assignmentId`), with its fields. */
async function openAssignmentOf(ctx: ApplyContext, observation: Record<string, FieldValue>) {
  const id = observation['context.assignmentId'];
  if (typeof id !== 'string') return null;
  const row = await ctx.records.get(id);
  if (!row || row.type !== 'assignment' || row.deleted === 1) return null;
  const fields = JSON.parse(row.fields) as Record<string, FieldValue>;
  if (fields['completedAt'] || fields['exemption.reason']) return null;
  return { row, fields };
}

/**
 * An observation assignment is done when its observation is submitted: the submission marks the
 * assignment it names (`context.assignmentId`) done at the same sequence, in the same transaction,
 * so pull brings the mark to every tablet and the programme's counts (coverage, the quarterly
 * figures, exports) read it where they always did. Only a submission by the assignment's observer
 * counts: one reassigned while its first observer worked offline is not done by their work, which
 * stays theirs. The assignment then names the observation submitted, whichever it named before
 * (another draft of the same observer's, from a second tablet). Not an audit (its observer marks
 * it done once its parts are), nor one already done or exempted.
 */
async function completeAssignmentOf(
  ctx: ApplyContext,
  observationId: string,
  authorId: string,
  observation: Record<string, FieldValue>,
): Promise<void> {
  const open = await openAssignmentOf(ctx, observation);
  if (!open || !isObservationAssignment(open.fields['kind'])) return;
  if (open.fields['observerUserId'] !== authorId) return;
  const set: Record<string, FieldValue> = { completedAt: ctx.now };
  if (open.fields['observationId'] !== observationId) set['observationId'] = observationId;
  setAssignmentFields(ctx, open.row, set);
}

/**
 * A deleted observation no longer counts as the assignment's progress: the open assignment that
 * names it (as its observation or an audit's family call) names nothing again, so it can be
 * started afresh, and reassigned, on every tablet once pulled.
 */
async function unlinkAssignmentOf(
  ctx: ApplyContext,
  observationId: string,
  observation: Record<string, FieldValue>,
): Promise<void> {
  const open = await openAssignmentOf(ctx, observation);
  if (!open) return;
  const set: Record<string, FieldValue> = {};
  for (const path of ['observationId', 'familyCallId'])
    if (open.fields[path] === observationId) set[path] = null;
  if (Object.keys(set).length) setAssignmentFields(ctx, open.row, set);
}

/**
 * A deleted observation restored is the assignment's progress again, as it was before its deletion
 * unlinked it (`unlinkAssignmentOf`): otherwise the QA lead sees not started what the observer is
 * working on. Only while the assignment is still open, still its author's, and names no other live
 * observation in that place (started afresh meanwhile: the later start stands).
 */
async function relinkAssignmentOf(
  ctx: ApplyContext,
  observationId: string,
  authorId: string,
  observation: Record<string, FieldValue>,
): Promise<void> {
  const open = await openAssignmentOf(ctx, observation);
  if (!open || open.fields['observerUserId'] !== authorId) return;
  // An audit's family feedback call is its call; anything else is the observation it started.
  const path =
    !isObservationAssignment(open.fields['kind']) && observation['kind'] === 'family-feedback-call'
      ? 'familyCallId'
      : 'observationId';
  const named = open.fields[path];
  if (named === observationId) return;
  if (typeof named === 'string' && named !== '') {
    const other = await ctx.records.get(named);
    if (other && other.type === 'observation' && other.deleted === 0) return;
  }
  setAssignmentFields(ctx, open.row, { [path]: observationId });
}
