// The programme's assignments as this tablet holds them, with the statuses of the observations
// they started, read from the tablet's own records: an observation assignment whose observation
// is submitted is done (schemas/rules/coverage.ts) the moment it is submitted here, offline too,
// before the server's mark comes back by pull.
import { assignmentFromFields } from '../../schemas/entities/assignment';
import type { Assignment, LinkedStatuses } from '../../schemas/entities/assignment';
import { getRecord } from '../db';
import type { RecordView } from '../db';
import type { LocalStore } from '../db';

export type AssignmentHere = Assignment & {
  /** The status of the observation started from it (`observationId`), where this tablet holds it. */
  observationStatus?: string | undefined;
  /** The status of an audit's family feedback call (`familyCallId`), likewise. */
  familyCallStatus?: string | undefined;
};

async function statusOf(store: LocalStore, id: string | undefined): Promise<string | undefined> {
  if (!id) return undefined;
  const r = await getRecord(store.db, store.cipher, id);
  const status = r && !r.deleted && r.type === 'observation' ? r.fields['status'] : undefined;
  return typeof status === 'string' ? status : undefined;
}

/** An assignment record with the statuses of what it started. */
export async function assignmentHere(store: LocalStore, r: RecordView): Promise<AssignmentHere> {
  const a = assignmentFromFields({ id: r.id, scopeId: r.scopeId ?? '' }, r.fields);
  return {
    ...a,
    observationStatus: await statusOf(store, a.observationId),
    familyCallStatus: await statusOf(store, a.familyCallId),
  };
}

export const linkedOf = (a: AssignmentHere): LinkedStatuses => ({
  observation: a.observationStatus,
  familyCall: a.familyCallStatus,
});
