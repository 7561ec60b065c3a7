// Holds a read-write transaction on one of the person's object stores, through a connection of
// the page's own, as a long pull or a strict save being written does: every other transaction on
// that store waits behind it until `releaseStore`.
import type { Page } from 'playwright-core';

type Held = { release: boolean; done: Promise<void> };

export async function holdStore(page: Page, storeName = 'meta'): Promise<void> {
  await page.evaluate(async (storeName) => {
    const name = (await indexedDB.databases())
      .map((d) => d.name ?? '')
      .find((n) => n.startsWith('obs-') && n !== 'obs-keyring')!;
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open(name);
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    // A database deleted or upgraded elsewhere is not held up by this connection.
    db.onversionchange = () => db.close();
    const w = window as { heldStore?: Held };
    await new Promise<void>((holding) => {
      const held: Held = { release: false, done: Promise.resolve() };
      held.done = new Promise<void>((done) => {
        const tx = db.transaction(storeName, 'readwrite');
        tx.oncomplete = tx.onabort = () => {
          db.close();
          done();
        };
        const store = tx.objectStore(storeName);
        // Kept alive by asking again until released.
        const spin = () => {
          if (!held.release) store.get('held').onsuccess = spin;
        };
        store.get('held').onsuccess = () => {
          holding();
          spin();
        };
      });
      w.heldStore = held;
    });
  }, storeName);
}

export async function releaseStore(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const held = (window as { heldStore?: Held }).heldStore!;
    held.release = true;
    await held.done;
  });
}
