// Moves a leaver's work to a colleague in one transaction: draft observations (and every child
// row under them) change owner; improvement actions assigned to the leaver are assigned to the
// colleague, as a server edit stamped like any other so merging treats it fairly; so do the open
// programme assignments the leaver is the observer of, whose record grant moves with them. The rows get the
// transaction's sequence number so both people's devices learn of it at their next pull, and the
// leaver's devices are told to remove the drafts.
import type { Kysely } from 'kysely';
import type { ReassignResponse } from '../../../schemas/admin/reassign';
import type { FieldMeta } from '../../../schemas/rules/merge';
import { findUserById, inTransaction, userNotFound } from '../accounts/accounts-repository';
import { isRole } from '../accounts/permissions';
import { appendAudit } from '../audit/append';
import type { AuditEvent } from '../audit/append';
import { AppError } from '../errors';
import type { Database } from '../storage/database';
import { OBSERVING_ROLES } from '../sync/actor';
import { nextSequence } from '../sync/sequence';

type Db = Kysely<Database>;

/** How the server's own edits appear in field metadata. */
const SERVER_DEVICE = 'server';

export async function reassignLeaverWork(
  db: Db,
  fromUserId: string,
  toUserId: string,
  who: { userId: string; deviceId?: string | null },
  now = new Date(),
): Promise<ReassignResponse> {
  return inTransaction(db, async (tx) => {
    const from = await findUserById(tx, fromUserId);
    if (!from) throw userNotFound(`with the id ${JSON.stringify(fromUserId)}`);
    const to = await findUserById(tx, toUserId);
    if (!to) throw userNotFound(`with the id ${JSON.stringify(toUserId)}`);
    if (from.id === to.id) {
      throw new AppError(400, 'REASSIGN_SAME_USER', 'Choose someone other than the leaver.');
    }
    if (to.status !== 'active' || !isRole(to.role) || !OBSERVING_ROLES.has(to.role)) {
      throw new AppError(
        400,
        'REASSIGN_TARGET_INVALID',
        `${to.email} cannot take on observations: choose an active observer, QA lead, head of service or director.`,
      );
    }
    const seq = await nextSequence(tx);
    const at = now.toISOString();
    const audit: AuditEvent[] = [];

    const roots = await tx
      .selectFrom('records')
      .select(['id', 'fields'])
      .whereRef('id', '=', 'root_id')
      .where('type', '=', 'observation')
      .where('root_owner_id', '=', from.id)
      .where('deleted', '=', 0)
      .execute();
    const drafts = roots
      .filter((r) => {
        const status = (JSON.parse(r.fields) as Record<string, unknown>)['status'];
        return status === undefined || status === null || status === 'draft';
      })
      .map((r) => r.id)
      .sort();
    if (drafts.length > 0) {
      await tx
        .updateTable('records')
        .set({ root_owner_id: to.id, seq, updated_at: at })
        .where('root_id', 'in', drafts)
        .execute();
      await tx
        .updateTable('records')
        .set({ owner_id: to.id })
        .where('root_id', 'in', drafts)
        .where('owner_id', '=', from.id)
        .execute();
      await tx
        .insertInto('access_revocations')
        .values(drafts.map((id) => ({ seq, user_id: from.id, kind: 'record', target_id: id })))
        .execute();
      for (const id of drafts) {
        audit.push({
          ...who,
          action: 'admin:reassign',
          recordId: id,
          content: { from: from.id, to: to.id, what: 'draft' },
        });
      }
    }

    const needle = `%"ownerUserId":${JSON.stringify(from.id)}%`;
    const candidates = await tx
      .selectFrom('records')
      .select(['id', 'fields', 'field_meta'])
      .where('type', '=', 'action')
      .where('deleted', '=', 0)
      .where('fields', 'like', needle)
      .execute();
    const actions: string[] = [];
    const stamp: FieldMeta = { version: seq, editedAt: now.getTime(), deviceId: SERVER_DEVICE };
    for (const row of candidates) {
      const fields = JSON.parse(row.fields) as Record<string, unknown>;
      if (fields['ownerUserId'] !== from.id) continue;
      const meta = JSON.parse(row.field_meta) as Record<string, FieldMeta>;
      const before = { ownerUserId: fields['ownerUserId'], ownerName: fields['ownerName'] ?? null };
      fields['ownerUserId'] = to.id;
      meta['ownerUserId'] = stamp;
      if (fields['ownerName'] !== undefined) {
        fields['ownerName'] = to.display_name;
        meta['ownerName'] = stamp;
      }
      await tx
        .updateTable('records')
        .set({
          fields: JSON.stringify(fields),
          field_meta: JSON.stringify(meta),
          seq,
          updated_at: at,
        })
        .where('id', '=', row.id)
        .execute();
      actions.push(row.id);
      audit.push({
        ...who,
        action: 'admin:reassign',
        recordId: row.id,
        content: {
          from: from.id,
          to: to.id,
          what: 'action',
          before,
          after: { ownerUserId: to.id, ownerName: fields['ownerName'] ?? null },
        },
      });
    }
    actions.sort();

    // Open assignments only: a finished or exempted one stays a record of who it was given to.
    const assigned = await tx
      .selectFrom('records')
      .select(['id', 'fields', 'field_meta'])
      .where('type', '=', 'assignment')
      .where('deleted', '=', 0)
      .where('fields', 'like', `%"observerUserId":${JSON.stringify(from.id)}%`)
      .execute();
    const assignments: string[] = [];
    for (const row of assigned) {
      const fields = JSON.parse(row.fields) as Record<string, unknown>;
      if (
        fields['observerUserId'] !== from.id ||
        fields['completedAt'] ||
        fields['exemption.reason']
      )
        continue;
      const meta = JSON.parse(row.field_meta) as Record<string, FieldMeta>;
      const before = { observerUserId: from.id, observerName: fields['observerName'] ?? null };
      fields['observerUserId'] = to.id;
      fields['observerName'] = to.display_name;
      meta['observerUserId'] = stamp;
      meta['observerName'] = stamp;
      await tx
        .updateTable('records')
        .set({
          fields: JSON.stringify(fields),
          field_meta: JSON.stringify(meta),
          seq,
          updated_at: at,
        })
        .where('id', '=', row.id)
        .execute();
      await tx
        .deleteFrom('record_grants')
        .where('root_id', '=', row.id)
        .where('user_id', '=', from.id)
        .execute();
      await tx
        .insertInto('record_grants')
        .values({ root_id: row.id, user_id: to.id, reason: 'assigned', created_at: at })
        .onConflict((oc) => oc.doNothing())
        .execute();
      await tx
        .insertInto('access_revocations')
        .values({ seq, user_id: from.id, kind: 'record', target_id: row.id })
        .execute();
      assignments.push(row.id);
      audit.push({
        ...who,
        action: 'admin:reassign',
        recordId: row.id,
        content: {
          from: from.id,
          to: to.id,
          what: 'assignment',
          before,
          after: { observerUserId: to.id, observerName: to.display_name },
        },
      });
    }
    assignments.sort();
    audit.push({
      ...who,
      action: 'admin:reassign-leaver',
      recordId: from.id,
      content: { to: to.id, drafts, actions, assignments },
    });
    await appendAudit(tx, audit);
    return { drafts, actions, assignments };
  });
}
