// Amending a submitted observation: the person gives a reason first, edits as usual, and on
// finishing the changes are recorded as one amendment (append-only history). The session is kept
// sealed on the tablet (src/db/amendments.ts), so a crash in the middle resumes it rather than
// losing the reason; while it is open every edit of the observation names the amendment it is
// part of, which is how the server knows to accept it.
import { readAmendSession, writeAmendSession } from '../../db';
import type { AmendSession, LocalStore } from '../../db';

export type { AmendSession };

// Held per open store: when the store is locked or signed out of, the decrypted copies (a whole
// observation as it was) go with it instead of outliving the lock in a module variable.
const caches = new WeakMap<LocalStore, Map<string, AmendSession>>();
const cacheOf = (store: LocalStore) => {
  let c = caches.get(store);
  if (!c) caches.set(store, (c = new Map()));
  return c;
};

export function amendSessionOf(store: LocalStore, id: string): AmendSession | null {
  return cacheOf(store).get(id) ?? null;
}

export async function loadAmendSession(
  store: LocalStore,
  id: string,
): Promise<AmendSession | null> {
  const found = await readAmendSession(store.db, store.cipher, id);
  if (found) cacheOf(store).set(id, found);
  else cacheOf(store).delete(id);
  return found ?? null;
}

export async function startAmendSession(
  store: LocalStore,
  id: string,
  session: AmendSession,
): Promise<void> {
  await writeAmendSession(store.db, store.cipher, id, session);
  cacheOf(store).set(id, session);
}

export async function endAmendSession(store: LocalStore, id: string): Promise<void> {
  await writeAmendSession(store.db, store.cipher, id, undefined);
  cacheOf(store).delete(id);
}
