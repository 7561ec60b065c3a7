// A form whose words are not a record yet (a safety concern being written, a call being noted):
// every change is written, sealed, to this person's store at once, so the idle lock, an update's
// reload or the browser discarding the tab loses nothing. The draft is read back when the form
// opens and removed once what it holds has been sent or saved.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { readSealed, writeSealedNow } from '../db';
import type { LocalStore } from '../db';
import { writeLatest } from './draft-writes';
import { useServices } from './services';

export type FormDraft<T> = {
  value: T;
  /** False until a kept draft (if any) has been read back. */
  ready: boolean;
  set(next: T): void;
  /** Removes the kept draft: call it once its contents are sent or saved. */
  clear(): Promise<void>;
  /**
   * Removes it and starts the form afresh, for the next one: from `next` when given (what the form
   * shows after a save, now saved elsewhere), else from the initial value.
   */
  reset(next?: T): Promise<void>;
};

export function useFormDraft<T>(key: string, initial: () => T): FormDraft<T> {
  const { store } = useServices();
  // How the form opened: a starting value that holds the time (a concern's "raised at") differs
  // on every call of `initial`, so what was typed is compared with this one.
  const opened = useRef<T | undefined>(undefined);
  const slot = `scratch:form:${key}` as const;
  // The value is held with the draft it belongs to: a form the router reuses for another record
  // (another person's page, another assignment) starts from that record's start, never showing
  // (or sending) what was chosen for the last one while its own draft is read.
  const [held, setHeld] = useState<{ slot: string; value: T }>(() => ({
    slot,
    value: (opened.current = initial()),
  }));
  const restart = useRef<{ slot: string; value: T } | undefined>(undefined);
  if (held.slot !== slot && restart.current?.slot !== slot) {
    restart.current = { slot, value: (opened.current = initial()) };
  }
  const value = held.slot === slot ? held.value : restart.current!.value;
  const setValue = useCallback((next: T) => setHeld({ slot, value: next }), [slot]);
  // Which draft has been read back: the one of this key, or none yet.
  const [readFor, setReadFor] = useState<string | null>(null);
  // Typing that starts before the kept draft is read wins over it.
  const touched = useRef(false);
  useEffect(() => {
    let stale = false;
    touched.current = false;
    void readSealed<T>(store.db, store.cipher, slot)
      .then((kept) => {
        if (!stale && !touched.current && kept !== undefined) setValue(kept);
      })
      .catch(() => undefined)
      .finally(() => {
        if (!stale) setReadFor(slot);
      });
    return () => {
      stale = true;
    };
  }, [store, slot, setValue]);
  const fresh = useRef(initial);
  fresh.current = initial;
  const set = useCallback(
    (next: T) => {
      touched.current = true;
      setValue(next);
      // Typed back to how the form opened: nothing is unfinished, so nothing is kept (signing
      // out would otherwise count it as unsent work). Either start counts: one holding the time
      // as it was when the form opened, one made from data read since as the form would open now.
      const json = JSON.stringify(next);
      const asOpened =
        json === JSON.stringify(opened.current) || json === JSON.stringify(fresh.current());
      void keep(store, slot, asOpened ? undefined : next);
    },
    [store, slot, setValue],
  );
  const clear = useCallback(() => keep(store, slot, undefined), [store, slot]);
  const reset = useCallback(
    async (next?: T) => {
      const start = next ?? fresh.current();
      opened.current = start;
      setValue(start);
      await clear();
    },
    [clear, setValue],
  );
  return { value, ready: readFor === slot, set, clear, reset };
}

/**
 * Writes (or, with undefined, removes) a form's kept draft. Each write waits for the one under way
 * and only the latest typed is written (draft-writes.ts), so an older one never lands after a
 * newer one, locking or signing out waits for it, and a page going away writes the latest at once.
 */
function keep(store: LocalStore, slot: `scratch:form:${string}`, value: unknown): Promise<void> {
  return writeLatest(`${store.db.name}\u0000${slot}`, value, {
    write: (v) => writeSealedNow(store.db, store.cipher, slot, v),
    now: (v) => void writeSealedNow(store.db, store.cipher, slot, v).catch(() => undefined),
  });
}
