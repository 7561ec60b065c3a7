// Amending a submitted observation: the person gives a reason first, edits as usual, and on
// finishing the changes are recorded as one amendment (append-only history). The session is kept
// sealed on the tablet, so a crash in the middle resumes it rather than losing the reason.
import type { FieldMap } from '../../../schemas/sync/records';
import { readSealed, writeSealed } from '../../db';
import type { LocalStore } from '../../db';

export type AmendSession = { reason: string; before: FieldMap; startedAt: string };

const cache = new Map<string, AmendSession>();
const key = (id: string) => `scratch:amend:${id}` as const;

export function amendSessionOf(id: string): AmendSession | null {
  return cache.get(id) ?? null;
}

export async function loadAmendSession(
  store: LocalStore,
  id: string,
): Promise<AmendSession | null> {
  const found = await readSealed<AmendSession>(store.db, store.cipher, key(id));
  if (found) cache.set(id, found);
  else cache.delete(id);
  return found ?? null;
}

export async function startAmendSession(
  store: LocalStore,
  id: string,
  session: AmendSession,
): Promise<void> {
  await writeSealed(store.db, store.cipher, key(id), session);
  cache.set(id, session);
}

export async function endAmendSession(store: LocalStore, id: string): Promise<void> {
  await writeSealed(store.db, store.cipher, key(id), undefined);
  cache.delete(id);
}
