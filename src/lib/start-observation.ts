// An observation started for a programme assignment names it (`context.assignmentId`) and the
// assignment names it back (`observationId`, or an audit's `familyCallId`), wherever it is
// started: the server lets a guest observer create an observation only when it names their
// assignment, and an audit is judged done by the call its assignment names.
import { getRecord, saveFields } from '../db';
import type { LocalStore } from '../db';

export type AssignmentLink = { assignmentId: string; field: 'observationId' | 'familyCallId' };

export async function saveNewObservation(
  store: LocalStore,
  input: {
    id: string;
    scopeId: string;
    changes: Record<string, string | number | boolean>;
    /** The assignment it is for, if any. */
    assignment?: AssignmentLink | undefined;
  },
): Promise<void> {
  const link = input.assignment;
  await saveFields(store.db, store.cipher, {
    recordId: input.id,
    type: 'observation',
    scopeId: input.scopeId,
    changes: link ? { ...input.changes, 'context.assignmentId': link.assignmentId } : input.changes,
  });
  if (!link) return;
  // Named back only on an assignment this tablet holds: saving a field of one it does not would
  // make a new assignment here, which only the programme screens may do.
  const assignment = await getRecord(store.db, store.cipher, link.assignmentId);
  if (!assignment || assignment.deleted || assignment.type !== 'assignment') return;
  await saveFields(store.db, store.cipher, {
    recordId: link.assignmentId,
    type: 'assignment',
    changes: { [link.field]: input.id },
  });
}
