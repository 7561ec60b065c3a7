// Amending a submitted observation: the person gives a reason first, edits as usual, and on
// finishing the changes are recorded as one amendment (append-only history). The session is kept
// sealed on the tablet, so a crash in the middle resumes it rather than losing the reason.
import type { FieldMap } from '../../../schemas/sync/records';
import { readSealed, writeSealed } from '../../db';
import type { LocalStore } from '../../db';

export type AmendSession = { reason: string; before: FieldMap; startedAt: string };

// Held per open store: when the store is locked or signed out of, the decrypted copies (a whole
// observation as it was) go with it instead of outliving the lock in a module variable.
const caches = new WeakMap<LocalStore, Map<string, AmendSession>>();
const cacheOf = (store: LocalStore) => {
  let c = caches.get(store);
  if (!c) caches.set(store, (c = new Map()));
  return c;
};
const key = (id: string) => `scratch:amend:${id}` as const;

export function amendSessionOf(store: LocalStore, id: string): AmendSession | null {
  return cacheOf(store).get(id) ?? null;
}

export async function loadAmendSession(
  store: LocalStore,
  id: string,
): Promise<AmendSession | null> {
  const found = await readSealed<AmendSession>(store.db, store.cipher, key(id));
  if (found) cacheOf(store).set(id, found);
  else cacheOf(store).delete(id);
  return found ?? null;
}

export async function startAmendSession(
  store: LocalStore,
  id: string,
  session: AmendSession,
): Promise<void> {
  await writeSealed(store.db, store.cipher, key(id), session);
  cacheOf(store).set(id, session);
}

export async function endAmendSession(store: LocalStore, id: string): Promise<void> {
  await writeSealed(store.db, store.cipher, key(id), undefined);
  cacheOf(store).delete(id);
}
