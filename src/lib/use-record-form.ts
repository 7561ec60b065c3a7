// Binds a form to a record: what the person types shows at once, is saved to the store a moment
// later with its outbox entry (src/db saveFields), and syncs. The screen shows the typed value
// until the store has it, so a save in flight never makes the text jump back.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { FieldMap, FieldValue, RecordType } from '../../schemas/sync/records';
import { clearRescue, readScratch, rescueNow, saveFields } from '../db';
import { createAutosave } from './autosave';
import { keepScratchValue } from './keep-scratch';
import type { SaveState } from './autosave';
import { openStoreOf } from './open-store';
import { useServices } from './services';

export type RecordFormOptions = {
  recordId: string;
  type: RecordType;
  /** For a new observation. */
  scopeId?: string;
  /** For a new child row. */
  parentId?: string;
  /** The record as stored (undefined before it exists). */
  fields: FieldMap | undefined;
  /** The server version of the record as stored (its `RecordView.version`). */
  version?: number | undefined;
  /**
   * Judges a value before it is sent (as the server will). A value that fails is kept on the
   * device as scratch, shown with the message, and sent once it passes.
   */
  validate?: (path: string, value: FieldValue) => string | undefined;
};

export type RecordForm = {
  value(path: string): FieldValue | undefined;
  text(path: string): string;
  set(path: string, value: FieldValue): void;
  /** Several fields in one edit (one mutation). */
  setMany(changes: Record<string, FieldValue>): void;
  /** Why the typed value of a path is not sent yet, if it is not. */
  problem(path: string): string | undefined;
  /**
   * What a field's boxes hold while they make no value yet (a date's day, month and year, as
   * `DateInput` gives them): kept in the record's sealed scratch, never judged or sent.
   */
  partial(path: string): string | undefined;
  /** Keeps (or, with null, lets go of) what a field's boxes hold while they make no value. */
  setPartial(path: string, kept: string | null): void;
  flush(): Promise<void>;
  state: SaveState;
  error: unknown;
  /**
   * The paths whose typed value is kept on the device but not sent: a value that fails its check
   * (scratch) and a date's boxes that make no date yet. The screen must not call these saved.
   */
  heldBack: string[];
};

type Entry = { value: FieldValue; saved: boolean; problem?: string };
/**
 * What each field held on the screen when the person began changing it, and the record's version
 * then: a pull that lands while they type is merged with, never written over. `last` is the
 * value last typed, so a field saved as typed starts afresh.
 */
type Typing = {
  from: { version: number; values: Map<string, FieldValue> } | null;
  last: Map<string, FieldValue>;
};
type Overlay = Map<string, Entry>;

// Boxes that make no value yet are kept in the record's scratch beside the values not valid yet,
// under their own name: only the screen reads them back.
const PARTIAL = 'partial:';

export function useRecordForm(options: RecordFormOptions): RecordForm {
  const services = useServices();
  const [overlay, setOverlay] = useState<Overlay>(() => new Map());
  const [partials, setPartials] = useState<ReadonlyMap<string, string>>(() => new Map());
  // Boxes changed on this screen: what the store held for them before is older than the screen.
  const partialsTouched = useRef(new Set<string>());
  const [state, setState] = useState<SaveState>('saved');
  const [error, setError] = useState<unknown>(null);
  const optionsRef = useRef(options);
  optionsRef.current = options;
  const { autosave, typing } = useMemo(() => {
    // Bound to this record: a form reused for another record (the router keeps a component when
    // only its route's id changes) must never save this record's words into that one.
    const own = optionsRef.current;
    const current = () => (optionsRef.current.recordId === own.recordId ? optionsRef.current : own);
    const typing: Typing = { from: null, last: new Map() };
    // This form's rescue row (src/db/rescue.ts), and the write of it not yet caught up with.
    const form = crypto.randomUUID();
    let rescued: string | null = null;
    const storeNow = () => openStoreOf(services.user.id) ?? services.store;
    const startedFrom = (paths: readonly string[]) => {
      const from = typing.from;
      if (!from) return undefined;
      const seen: Record<string, FieldValue> = {};
      for (const path of paths) if (from.values.has(path)) seen[path] = from.values.get(path)!;
      return { version: from.version, values: seen };
    };
    const autosave = createAutosave({
      onState: (next) => {
        setState(next);
        if (next !== 'saved' || rescued === null) return;
        // Every change rescued so far is on the disk: the rescue row has done its job.
        const token = rescued;
        rescued = null;
        const { db, cipher } = storeNow();
        void clearRescue(db, cipher, form, own.recordId, token).catch(() => undefined);
      },
      rescue: (unsaved) => {
        const o = current();
        const { db, cipher } = storeNow();
        const started = performance.now();
        const token = crypto.randomUUID();
        const from = startedFrom(Object.keys(unsaved));
        rescueNow(db, cipher, form, {
          recordId: o.recordId,
          type: o.type,
          changes: unsaved,
          at: new Date().toISOString(),
          token,
          ...(o.scopeId ? { scopeId: o.scopeId } : {}),
          ...(o.parentId ? { parentId: o.parentId } : {}),
          ...(from ? { startedFrom: from } : {}),
        });
        rescued = token;
        // User Timing: tests/bench reads what a keystroke pays for it.
        performance.measure('obs:rescue', { start: started, end: performance.now() });
      },
      save: async (changes) => {
        const o = current();
        // The store open now for this person: after a lock and unlock, a save that failed before
        // (a full disk) goes into the store reopened, not the one closed under it.
        const { db, cipher } = storeNow();
        const from = typing.from;
        const seen = startedFrom(Object.keys(changes))?.values ?? {};
        // User Timing: tests/bench reads how long a save takes from trigger to commit.
        const started = performance.now();
        try {
          await saveFields(db, cipher, {
            recordId: o.recordId,
            type: o.type,
            changes,
            ...(o.scopeId ? { scopeId: o.scopeId } : {}),
            ...(o.parentId ? { parentId: o.parentId } : {}),
            ...(from ? { startedFrom: { version: from.version, values: seen } } : {}),
          });
          setError(null);
          performance.measure('obs:autosave', { start: started, end: performance.now() });
        } catch (err) {
          setError(err);
          throw err;
        }
        setOverlay((prev) => {
          const next = new Map(prev);
          for (const [path, value] of Object.entries(changes)) {
            const entry = next.get(path);
            if (entry && entry.value === value) next.set(path, { value, saved: true });
          }
          return next;
        });
        // A field saved as last typed starts afresh from the store's copy (now this edit).
        for (const [path, value] of Object.entries(changes)) {
          if (!Object.is(typing.last.get(path), value)) continue;
          typing.last.delete(path);
          from?.values.delete(path);
        }
        if (from && from.values.size === 0) typing.from = null;
        services.sync.notifyLocalEdit();
      },
    });
    return { autosave, typing };
  }, [options.recordId]);

  useEffect(() => () => void autosave.dispose().catch(() => undefined), [autosave]);
  // Another record in the same form (only the route's id changed): show its words, not these.
  const shownFor = useRef(options.recordId);
  useEffect(() => {
    if (shownFor.current === options.recordId) return;
    shownFor.current = options.recordId;
    setOverlay(new Map());
    setPartials(new Map());
    partialsTouched.current = new Set();
  }, [options.recordId]);

  const scratchPaths = useRef(new Set<string>());
  const keepScratch = (path: string, value: string | null) => {
    if (value === null && !scratchPaths.current.has(path)) return;
    if (value === null) scratchPaths.current.delete(path);
    else scratchPaths.current.add(path);
    void keepScratchValue(services.store, optionsRef.current.recordId, path, value);
  };

  // What was typed but not valid yet survives a crash: put it back on the screen.
  useEffect(() => {
    let live = true;
    const { db, cipher } = services.store;
    readScratch(db, cipher, options.recordId)
      .then((scratch) => {
        if (!live || Object.keys(scratch).length === 0) return;
        const boxes = Object.entries(scratch).filter(([key]) => key.startsWith(PARTIAL));
        for (const [key] of boxes) scratchPaths.current.add(key);
        setPartials((prev) => {
          const next = new Map(prev);
          for (const [key, kept] of boxes) {
            const path = key.slice(PARTIAL.length);
            if (!partialsTouched.current.has(path)) next.set(path, kept);
          }
          return next;
        });
        const values = Object.entries(scratch).filter(([key]) => !key.startsWith(PARTIAL));
        setOverlay((prev) => {
          const next = new Map(prev);
          for (const [path, value] of values) {
            if (next.has(path)) continue;
            const problem = optionsRef.current.validate?.(path, value);
            next.set(path, { value, saved: false, ...(problem ? { problem } : {}) });
            scratchPaths.current.add(path);
            if (!problem) {
              autosave.set(path, value);
              keepScratch(path, null);
            }
          }
          return next;
        });
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [options.recordId]);

  // Once the store shows a saved value (or something newer from elsewhere), stop overlaying it.
  useEffect(() => {
    if (overlay.size === 0) return;
    let changed = false;
    const next = new Map(overlay);
    for (const [path, entry] of overlay) {
      if (entry.problem) continue;
      const stored = options.fields?.[path] ?? null;
      if (entry.saved || stored === entry.value) {
        next.delete(path);
        changed = true;
      }
    }
    if (changed) setOverlay(next);
  }, [options.fields]);

  const value = (path: string): FieldValue | undefined => {
    const entry = overlay.get(path);
    if (entry) return entry.value;
    return options.fields?.[path];
  };
  const setMany = (changes: Record<string, FieldValue>) => {
    const judged = Object.entries(changes).map(([path, v]) => {
      const problem = v === null ? undefined : optionsRef.current.validate?.(path, v);
      return { path, value: v, problem };
    });
    setOverlay((prev) => {
      const next = new Map(prev);
      for (const { path, value: v, problem } of judged) {
        next.set(path, { value: v, saved: false, ...(problem ? { problem } : {}) });
      }
      return next;
    });
    const o = optionsRef.current;
    for (const { path, value: v } of judged) {
      typing.from ??= { version: o.version ?? 0, values: new Map() };
      if (!typing.from.values.has(path)) typing.from.values.set(path, o.fields?.[path] ?? null);
      typing.last.set(path, v);
    }
    for (const { path, value: v, problem } of judged) {
      if (problem) {
        keepScratch(path, String(v));
      } else {
        keepScratch(path, null);
        autosave.set(path, v);
      }
    }
  };
  return {
    value,
    text: (path) => {
      const v = value(path);
      return v === undefined || v === null ? '' : String(v);
    },
    set: (path, v) => setMany({ [path]: v }),
    setMany,
    problem: (path) => overlay.get(path)?.problem,
    partial: (path) => partials.get(path),
    setPartial: (path, kept) => {
      partialsTouched.current.add(path);
      setPartials((prev) => {
        if (kept === null && !prev.has(path)) return prev;
        const next = new Map(prev);
        if (kept === null) next.delete(path);
        else next.set(path, kept);
        return next;
      });
      keepScratch(`${PARTIAL}${path}`, kept);
    },
    flush: () => autosave.flush(),
    state,
    error,
    heldBack: [
      ...[...overlay].flatMap(([path, entry]) => (entry.problem ? [path] : [])),
      ...[...partials.keys()].filter((path) => overlay.get(path)?.problem === undefined),
    ],
  };
}
