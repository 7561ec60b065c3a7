// What anyone may read before signing in (the authority's accessibility statement and privacy
// notice), kept as fetched so a signed-out tablet with no signal still shows the authority's own
// wording. Nothing here is about a person, so it is not sealed.
import { createStore, get, set } from 'idb-keyval';

const store = () => createStore('app-public', 'texts');

export async function readPublicCache<T>(key: string): Promise<T | undefined> {
  try {
    return await get<T>(key, store());
  } catch {
    return undefined;
  }
}

export async function writePublicCache(key: string, value: unknown): Promise<void> {
  try {
    await set(key, value, store());
  } catch {
    // A full or unavailable disk: the standard wording shows next time instead.
  }
}
