// Reads everything the page's origin keeps, raw, from inside the page: every IndexedDB database
// and object store, Cache Storage, localStorage and sessionStorage. Binary values are decoded as
// UTF-8 and Latin-1 both, so a plain-text copy anywhere would be found.
import type { Page } from 'playwright-core';

export async function findInRawStorage(
  page: Page,
  markers: string[],
): Promise<{ found: string[]; scanned: string[] }> {
  return page.evaluate(async (needles) => {
    const texts: string[] = [];
    const scanned: string[] = [];
    const dec = new TextDecoder('utf-8', { fatal: false });
    const walk = (v: unknown, depth = 0): void => {
      if (depth > 12 || v === null || v === undefined) return;
      if (typeof v === 'string') texts.push(v);
      else if (typeof v === 'number' || typeof v === 'boolean') return;
      else if (v instanceof ArrayBuffer || ArrayBuffer.isView(v)) {
        const bytes =
          v instanceof ArrayBuffer
            ? new Uint8Array(v)
            : new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
        texts.push(dec.decode(bytes));
        texts.push(Array.from(bytes, (b) => String.fromCharCode(b)).join(''));
      } else if (v instanceof Blob) {
        return;
      } else if (Array.isArray(v)) v.forEach((x) => walk(x, depth + 1));
      else if (typeof v === 'object')
        for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
          texts.push(k);
          walk(x, depth + 1);
        }
    };
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const r = indexedDB.open(info.name!);
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      for (const store of Array.from(db.objectStoreNames)) {
        scanned.push(`indexeddb:${info.name}/${store}`);
        const [keys, values] = await new Promise<[unknown[], unknown[]]>((resolve, reject) => {
          const tx = db.transaction(store, 'readonly');
          const os = tx.objectStore(store);
          const k = os.getAllKeys();
          const v = os.getAll();
          tx.oncomplete = () => resolve([k.result, v.result]);
          tx.onerror = () => reject(tx.error);
        });
        walk(keys);
        walk(values);
      }
      db.close();
    }
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        scanned.push(`cache:${name}:${new URL(request.url).pathname}`);
        const response = await cache.match(request);
        if (response) texts.push(await response.text());
      }
    }
    for (const storage of [localStorage, sessionStorage]) {
      scanned.push(storage === localStorage ? 'localStorage' : 'sessionStorage');
      for (let i = 0; i < storage.length; i++) {
        const key = storage.key(i)!;
        texts.push(key, storage.getItem(key) ?? '');
      }
    }
    const all = texts.join('\n');
    return { found: needles.filter((n) => all.includes(n)), scanned };
  }, markers);
}

export async function databaseNames(page: Page): Promise<string[]> {
  return page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? '').sort());
}

/** The keys of the tablet's keyring store (one `user:<id>` per person with data here). */
export async function keyringKeys(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('obs-keyring');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    if (!db.objectStoreNames.contains('entries')) return [];
    const keys = await new Promise<IDBValidKey[]>((resolve, reject) => {
      const req = db.transaction('entries', 'readonly').objectStore('entries').getAllKeys();
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    db.close();
    return keys.map(String).filter((k) => k.startsWith('user:'));
  });
}
