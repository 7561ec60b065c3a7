// Cancelling an amendment under way (schemas/rules/amendment-cancel.ts): each field it changed
// that still holds what it wrote goes back to its value before it began, as one edit that names
// the amendment (the server accepts a submitted observation's content change only so), and the
// session ends without a row when nothing it changed is left changed. A field someone else has
// changed since is left as it is and the session stays open, so the person can see it and finish
// the amendment instead.
import { planAmendmentCancel } from '../../schemas/rules/amendment-cancel';
import type { ChangedSince } from '../../schemas/rules/amendment-cancel';
import type { AmendmentChildChange } from '../../schemas/entities/amendment';
import { diffChildRows } from '../../schemas/rules/amendment-diff';
import { readAmendSession, writeAmendSession } from './amendments';
import type { RecordCipher } from './cipher';
import type { LocalDatabase } from './database';
import { InvalidChangeError } from './errors';
import { saveFields } from './local-edits';
import { listChildren } from './read-records';
import { openRecordRow } from './record-rows';
import { writeTransaction } from './transaction';

export type CancelOutcome = {
  /** The fields put back. */
  reverted: string[];
  /** Fields left as they are: someone else changed them after the amendment did. */
  changedSince: ChangedSince[];
  /**
   * Changes to its improvement actions and call attempts, which a cancel does not put back: while
   * any is left the amendment stays open, to be finished (or put back by hand).
   */
  childChanges: AmendmentChildChange[];
  /** Whether the amendment is over (nothing it changed is left changed). */
  ended: boolean;
};

/**
 * Cancels amendment `amendmentId` of the observation, in one transaction with the edit that puts
 * its fields back, so a save from another window lands wholly before or after it and is judged
 * as it found the field. Refused when that amendment is no longer the one under way.
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
    if (reverted.length > 0) {
      // Saved while the session is still open, so the edit names the amendment.
      await saveFields(db, cipher, {
        recordId: observationId,
        type: 'observation',
        changes: plan.revert,
      });
    }
    const live = (await listChildren(db, cipher, observationId)).filter((c) => !c.deleted);
    const childChanges = session.children ? diffChildRows(session.children, live) : [];
    const ended = plan.changedSince.length === 0 && childChanges.length === 0;
    if (ended) await writeAmendSession(db, cipher, observationId, undefined);
    return { reverted, changedSince: plan.changedSince, childChanges, ended };
  });
}
