// Typing rescued by a window that went before its saves landed (a reload, a closed or crashed
// tab: src/db/rescue.ts) becomes an edit when a store opens, before any screen shows the record,
// so nothing typed over it can undo it. The rows of a window still open elsewhere are that
// window's own to clear (src/lib/window-life.ts): taking them up would change words it is still
// typing, and its next save would then find its own text replaced and keep the older half aside
// as if typed in two places. So every other window is watched, and once one goes, what it left
// is applied to the store open then, if any (else at the next opening): a window open beside a
// crashed tab shows the tab's last words without being reopened.
import type { LocalStore } from '../db';
import type { WindowLife } from '../lib/window-life';

const loadStore = () => import('../db');

/** `replay(store)`, at a store's opening, applies the rows of every window gone. */
export function createRescueReplay(windows: WindowLife, openStore: () => LocalStore | null) {
  const watched = new Set<string>();
  const watch = (other: string) => {
    if (watched.has(other)) return;
    watched.add(other);
    windows.afterGone(other, async () => {
      watched.delete(other);
      const store = openStore();
      if (!store) return;
      const { applyRescues } = await loadStore();
      // Only that window's rows: any other writer counts as open, and is watched on its own.
      await applyRescues(store.db, store.cipher, (w) => w !== other).catch(() => undefined);
    });
  };
  windows.onOpened(watch);
  const watchOthers = async () => {
    const others = await windows.others().catch(() => new Set<string>());
    others.forEach(watch);
    return others;
  };
  void watchOthers();
  return async function replay(store: LocalStore): Promise<void> {
    const { applyRescues } = await loadStore();
    const others = await watchOthers();
    await applyRescues(store.db, store.cipher, (w) => others.has(w)).catch(() => undefined);
  };
}
