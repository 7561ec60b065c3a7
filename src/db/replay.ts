// What the person sees: the server's copy with this device's unsent edits replayed on top, in the
// order they were made. Pure, so it is the one definition both the writers and the tests use.
import type { Mutation } from '../../schemas/sync/push';
import type { Conflict, FieldMap } from '../../schemas/sync/records';
import type { SyncedState } from './database';

export type LocalState = { fields: FieldMap; deleted: boolean; conflicts: Conflict[] };

/** Null means "absent", so it is dropped rather than stored: both read the same in a form. */
function withoutNulls(fields: FieldMap): FieldMap {
  const out: FieldMap = {};
  for (const [path, value] of Object.entries(fields)) if (value !== null) out[path] = value;
  return out;
}

/** Applies one mutation to a local state (a new object; the input is not changed). */
export function applyMutation(state: LocalState, m: Mutation): LocalState {
  const fields = { ...state.fields };
  for (const [path, value] of Object.entries(m.set ?? {})) {
    if (value === null) delete fields[path];
    else fields[path] = value;
  }
  const deleted = m.op === 'delete' ? true : m.op === 'restore' ? false : state.deleted;
  // A conflict this device has settled stays settled on screen while the settlement is in flight;
  // a restore settles every "deleted on another device" conflict, as it does on the server.
  const settled = new Set(m.resolves ?? []);
  const conflicts = state.conflicts.filter(
    (c) => !settled.has(c.id) && !(m.op === 'restore' && c.kind === 'deleted'),
  );
  return { fields, deleted, conflicts };
}

/** `synced` with `pending` (in mutation-id order) replayed on top. */
export function replay(synced: SyncedState | null, pending: readonly Mutation[]): LocalState {
  let state: LocalState = {
    fields: withoutNulls(synced?.fields ?? {}),
    deleted: synced?.deleted ?? false,
    conflicts: synced?.conflicts ?? [],
  };
  const ordered = [...pending].sort((a, b) => a.id - b.id);
  for (const m of ordered) state = applyMutation(state, m);
  return state;
}
