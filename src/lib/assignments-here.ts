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

/** The observation with this id as this tablet holds it, when it is here and not deleted. */
async function liveObservation(store: LocalStore, id: string | undefined) {
  if (!id) return undefined;
  const r = await getRecord(store.db, store.cipher, id);
  return r && !r.deleted && r.type === 'observation' ? r : undefined;
}

const statusOf = (r: RecordView | undefined): string | undefined => {
  const status = r?.fields['status'];
  return typeof status === 'string' ? status : undefined;
};

/**
 * An assignment record with the statuses of what it started. An open assignment whose observation
 * (or family call) was deleted, here or on another tablet of the observer's, names it no more: it
 * is not started, and may be started again, though the server's unlinking has not come back yet.
 */
export async function assignmentHere(
  store: LocalStore,
  r: Pick<RecordView, 'id' | 'scopeId' | 'fields'>,
): Promise<AssignmentHere> {
  const a = assignmentFromFields({ id: r.id, scopeId: r.scopeId ?? '' }, r.fields);
  const observation = await liveObservation(store, a.observationId);
  const familyCall = await liveObservation(store, a.familyCallId);
  const open = !a.completedAt && !a['exemption.reason'];
  const here: AssignmentHere = {
    ...a,
    observationStatus: statusOf(observation),
    familyCallStatus: statusOf(familyCall),
  };
  if (open && !observation) delete here.observationId;
  if (open && !familyCall) delete here.familyCallId;
  return here;
}

export const linkedOf = (a: AssignmentHere): LinkedStatuses => ({
  observation: a.observationStatus,
  familyCall: a.familyCallStatus,
});
