// Autosave: what a person types is handed to the store a moment after they stop (300 ms), at
// once when they leave the field, and before the page is hidden, the app locks or an update
// reloads it. Changes made while a save is on its way wait for it, so saves land in order.
// Until a save has landed, every keystroke also hands everything not saved yet to `rescue`,
// synchronously (src/db/rescue.ts): a page that goes mid-sentence does not wait for a save.
import type { FieldValue } from '../../schemas/sync/records';

export type Changes = Record<string, FieldValue>;
export type SaveState = 'saved' | 'unsaved' | 'saving' | 'failed';

export type Autosave = {
  set(path: string, value: FieldValue): void;
  /** Saves everything typed so far; resolves once it is on the disk (rejects if it failed). */
  flush(): Promise<void>;
  state(): SaveState;
  /** The error of the last failed save, for the screen. */
  lastError(): unknown;
  dispose(): Promise<void>;
};

export type AutosaveOptions = {
  save: (changes: Changes) => Promise<void>;
  /** Keeps everything not saved yet, synchronously; called with each change until saves land. */
  rescue?: (unsaved: Changes) => void;
  delayMs?: number;
  onState?: (state: SaveState) => void;
};

export const AUTOSAVE_DELAY_MS = 300;

const open = new Set<Autosave>();

/**
 * Saves every open form: before locking, signing out, applying an update, or being hidden.
 * Resolves true when everything typed is on the disk, false when a save failed (a full disk):
 * then nothing may be done that would drop what is still only in memory.
 */
export async function flushAllAutosaves(): Promise<boolean> {
  const results = await Promise.allSettled([...open].map((a) => a.flush()));
  return results.every((r) => r.status === 'fulfilled');
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
      if (options.rescue) {
        try {
          options.rescue(Object.fromEntries([...saving, ...dirty]));
        } catch {
          // Best effort: the autosave below still runs.
        }
      }
      if (current !== 'saving') setState('unsaved');
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        flush().catch(() => undefined);
      }, delay);
    },
    flush,
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
