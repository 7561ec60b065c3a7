// Autosave: what a person types is handed to the store a moment after they stop (300 ms), at
// once when they leave the field, and before the page is hidden, the app locks or an update
// reloads it. Changes made while a save is on its way wait for it, so saves land in order.
// Until a save has landed, what is typed is also handed, everything not saved yet at once, to
// `rescue`, synchronously (src/db/rescue.ts): with a keystroke at most every 100 ms (sealing a
// long note costs a couple of milliseconds; a dead battery loses at most that much), and with
// the last keystroke when the page is hidden or goes, so a reload or a closed tab loses nothing.
import type { FieldValue } from '../../schemas/sync/records';
import { draftWritesSettled, rescueDraftWrites } from './draft-writes';

export type Changes = Record<string, FieldValue>;
export type SaveState = 'saved' | 'unsaved' | 'saving' | 'failed';

export type Autosave = {
  set(path: string, value: FieldValue): void;
  /** Hands everything typed and not rescued yet to `rescue`, now. */
  rescueNow(): void;
  /** Saves everything typed so far; resolves once it is on the disk (rejects if it failed). */
  flush(): Promise<void>;
  state(): SaveState;
  /** The error of the last failed save, for the screen. */
  lastError(): unknown;
  dispose(): Promise<void>;
};

export type AutosaveOptions = {
  save: (changes: Changes) => Promise<void>;
  /**
   * Keeps everything not saved yet, synchronously; called as changes come until saves land, and
   * as each save sets off. `onItsWay` is the batch a save is writing meanwhile: it may land just
   * as the page goes, unheard, and what was typed on from it must not then read as another
   * window's words (src/db/rescue.ts).
   */
  rescue?: (unsaved: Changes, onItsWay: Changes) => void;
  /** Least time between two rescues while typing goes on (100 ms). */
  rescueEveryMs?: number;
  delayMs?: number;
  onState?: (state: SaveState) => void;
};

export const AUTOSAVE_DELAY_MS = 300;
export const RESCUE_EVERY_MS = 100;

const open = new Set<Autosave>();

/**
 * Saves every open form, and waits for every draft write under way (draft-writes.ts): before
 * locking, signing out, applying an update, or being hidden. Resolves true when everything typed
 * is on the disk, false when a save failed (a full disk): then nothing may be done that would
 * drop what is still only in memory.
 */
export async function flushAllAutosaves(): Promise<boolean> {
  const [results] = await Promise.all([
    Promise.allSettled([...open].map((a) => a.flush())),
    draftWritesSettled(),
  ]);
  return results.every((r) => r.status === 'fulfilled');
}

/**
 * Rescues, synchronously, whatever any open form has not rescued yet, and any draft value still
 * waiting to be written: called first thing when the page is hidden or goes, where nothing
 * asynchronous can be counted on to finish.
 */
export function rescueAllAutosaves(): void {
  for (const a of open) a.rescueNow();
  rescueDraftWrites();
}

/** Whether any open form has something not yet on the disk. */
export function anyUnsaved(): boolean {
  return [...open].some((a) => a.state() !== 'saved');
}

export function createAutosave(options: AutosaveOptions): Autosave {
  const delay = options.delayMs ?? AUTOSAVE_DELAY_MS;
  let dirty = new Map<string, FieldValue>();
  // The batch a save is writing: not on the disk until that save resolves.
  let saving = new Map<string, FieldValue>();
  // Typed since the last rescue, and when that was (see RESCUE_EVERY_MS).
  let unrescued = false;
  let rescuedAt = Number.NEGATIVE_INFINITY;
  let rescueTimer: ReturnType<typeof setTimeout> | null = null;
  const rescueEvery = options.rescueEveryMs ?? RESCUE_EVERY_MS;

  function rescueNow(): void {
    if (rescueTimer !== null) clearTimeout(rescueTimer);
    rescueTimer = null;
    if (!options.rescue || !unrescued) return;
    unrescued = false;
    rescuedAt = performance.now();
    try {
      options.rescue(Object.fromEntries([...saving, ...dirty]), Object.fromEntries(saving));
    } catch {
      // Best effort: the autosave still runs.
    }
  }
  let timer: ReturnType<typeof setTimeout> | null = null;
  let inFlight: Promise<void> | null = null;
  let current: SaveState = 'saved';
  let error: unknown = null;
  let disposed = false;

  const setState = (next: SaveState) => {
    if (next === current) return;
    current = next;
    options.onState?.(next);
  };

  async function run(): Promise<void> {
    while (dirty.size > 0) {
      const batch = dirty;
      dirty = new Map();
      saving = batch;
      setState('saving');
      // Typing not rescued yet goes with the save that sets off: were the save to land and the
      // page die before the next rescue, the row left would be older than the store, and its
      // text would be put back over the words saved after it.
      rescueNow();
      try {
        await options.save(Object.fromEntries(batch));
        saving = new Map();
        error = null;
      } catch (err) {
        saving = new Map();
        // Put back what failed, unless it was typed over meanwhile: nothing typed is dropped.
        for (const [path, value] of batch) if (!dirty.has(path)) dirty.set(path, value);
        error = err;
        setState('failed');
        throw err;
      }
    }
    // Everything typed is on the disk: nothing is left to rescue.
    unrescued = false;
    if (rescueTimer !== null) clearTimeout(rescueTimer);
    rescueTimer = null;
    setState('saved');
  }

  function flush(): Promise<void> {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (inFlight) return inFlight.then(() => (dirty.size > 0 ? flush() : undefined));
    if (dirty.size === 0) return Promise.resolve();
    inFlight = run()
      .then(() => {
        if (disposed && dirty.size === 0) open.delete(autosave);
      })
      .finally(() => {
        inFlight = null;
      });
    return inFlight;
  }

  const autosave: Autosave = {
    set(path, value) {
      dirty.set(path, value);
      unrescued = true;
      const wait = rescuedAt + rescueEvery - performance.now();
      if (wait <= 0) rescueNow();
      else rescueTimer ??= setTimeout(rescueNow, wait);
      if (current !== 'saving') setState('unsaved');
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        flush().catch(() => undefined);
      }, delay);
    },
    flush,
    rescueNow,
    state: () => (dirty.size > 0 && current === 'saved' ? 'unsaved' : current),
    lastError: () => error,
    async dispose() {
      // A save that fails here (a full disk) stays registered, so the next flushAllAutosaves
      // (locking, signing out, the page being hidden, the next unlock) tries it again rather
      // than dropping it; once it succeeds it goes.
      disposed = true;
      await flush();
      open.delete(autosave);
    },
  };
  open.add(autosave);
  return autosave;
}
