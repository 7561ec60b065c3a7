// Cancelling an amendment under way (schemas/rules/amendment-cancel.ts): each field it changed
// that still holds what it wrote goes back to its value before it began, and so does each of the
// observation's improvement actions and call attempts it changed: one it added is removed, one it
// removed is brought back with its words as they were, and a field it changed goes back. Every
// edit names the amendment (the server accepts a submitted observation's content change only so),
// and the session ends without a row when nothing it changed is left changed. A field or row
// someone else has changed since is left as it is and the session stays open, so the person can
// see it and finish the amendment instead.
import {
  childWroteAfter,
  planAmendmentCancel,
  planChildCancel,
} from '../../schemas/rules/amendment-cancel';
import type {
  ChangedSince,
  ChildCancelPlan,
  ChildChangedSince,
  ChildPutBack,
  ChildRowNow,
} from '../../schemas/rules/amendment-cancel';
import type { AmendSession } from './amendments';
import { readAmendSession, writeAmendSession } from './amendments';
import type { RecordCipher } from './cipher';
import type { LocalDatabase } from './database';
import { InvalidChangeError } from './errors';
import { deleteRecord, restoreChildRow, saveFields } from './local-edits';
import { listChildren } from './read-records';
import { openRecordRow } from './record-rows';
import { writeTransaction } from './transaction';

export type CancelOutcome = {
  /** The fields put back. */
  reverted: string[];
  /** Fields left as they are: someone else changed them after the amendment did. */
  changedSince: ChangedSince[];
  /** The improvement actions and call attempts put back: removed, brought back or changed back. */
  childrenPutBack: ChildPutBack[];
  /** Their fields left as they are: someone else changed them after the amendment did. */
  childChangedSince: ChildChangedSince[];
  /** Whether the amendment is over (nothing it changed is left changed). */
  ended: boolean;
};

/** The observation's child rows as the tablet holds them, removed ones too. */
export async function childRowsNow(
  db: LocalDatabase,
  cipher: RecordCipher,
  observationId: string,
): Promise<ChildRowNow[]> {
  const rows = await listChildren(db, cipher, observationId, { includeDeleted: true });
  return rows.map((r) => ({ id: r.id, type: r.type, fields: r.fields, deleted: r.deleted }));
}

/**
 * What cancelling the amendment would do to the child rows (`now`: as the tablet holds them); a
 * session begun by a release that kept no copy of them when it began has none to put back.
 */
export function childCancelPlanOf(
  session: Pick<AmendSession, 'children' | 'childWrote'>,
  now: readonly ChildRowNow[],
): ChildCancelPlan {
  if (!session.children) return { putBack: [], changedSince: [] };
  return planChildCancel(session.children, now, session.childWrote);
}

/**
 * Cancels amendment `amendmentId` of the observation, in one transaction with the edits that put
 * its fields and child rows back, so a save from another window lands wholly before or after it
 * and is judged as it found the field. Refused when that amendment is no longer the one under way.
 */
export async function cancelAmendment(
  db: LocalDatabase,
  cipher: RecordCipher,
  observationId: string,
  amendmentId: string,
): Promise<CancelOutcome> {
  return writeTransaction(db, async () => {
    const session = await readAmendSession(db, cipher, observationId);
    const row = await db.records.get(observationId);
    if (!session || session.id !== amendmentId || session.stopped || !row) {
      throw new InvalidChangeError(
        'This amendment is no longer under way on this tablet, so nothing was cancelled. Open the observation again to see where it stands.',
      );
    }
    if (await db.records.get(amendmentId)) {
      throw new InvalidChangeError(
        'This amendment has already been finished, so it cannot be cancelled. Open the observation to see it in its history.',
      );
    }
    const now = openRecordRow(cipher, row).local;
    const plan = planAmendmentCancel(session.before, now, session.wrote);
    const reverted = Object.keys(plan.revert);
    const children = childCancelPlanOf(session, await childRowsNow(db, cipher, observationId));
    // Each edit is saved while the session is still open, so it names the amendment.
    if (reverted.length > 0) {
      await saveFields(db, cipher, {
        recordId: observationId,
        type: 'observation',
        changes: plan.revert,
      });
    }
    for (const back of children.putBack) {
      if (back.kind === 'remove') await deleteRecord(db, cipher, back.recordId);
      else if (back.kind === 'restore')
        await restoreChildRow(db, cipher, {
          recordId: back.recordId,
          type: back.recordType,
          parentId: observationId,
          changes: back.changes,
        });
      else
        await saveFields(db, cipher, {
          recordId: back.recordId,
          type: back.recordType,
          changes: back.changes,
        });
    }
    const ended = plan.changedSince.length === 0 && children.changedSince.length === 0;
    if (ended) await writeAmendSession(db, cipher, observationId, undefined);
    else if (session.childWrote && children.putBack.length > 0) {
      // Left open: what its edits now leave in the rows put back, as the edits noted it, but
      // with a row brought back whole owning only the fields the amendment itself had written.
      const kept = (await readAmendSession(db, cipher, observationId))!;
      await writeAmendSession(db, cipher, observationId, {
        ...kept,
        childWrote: childWroteAfter(session.childWrote, children.putBack),
      });
    }
    return {
      reverted,
      changedSince: plan.changedSince,
      childrenPutBack: children.putBack,
      childChangedSince: children.changedSince,
      ended,
    };
  });
}
