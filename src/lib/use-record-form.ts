// Binds a form to a record: what the person types shows at once, is saved to the store a moment
// later with its outbox entry (src/db saveFields), and syncs. The screen shows the typed value
// until the store has it, so a save in flight never makes the text jump back.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { isTextPath } from '../../schemas/rules/text-fields';
import type { FieldMap, FieldValue, RecordType } from '../../schemas/sync/records';
import { clearRescue, getRecord, readScratch, rescueNow, saveFields } from '../db';
import type { RecordView } from '../db';
import { createAutosave } from './autosave';
import { keepScratchValue } from './keep-scratch';
import type { SaveState } from './autosave';
import { openStoreOf } from './open-store';
import { useServices } from './services';
import { thisWindow } from './window-life';

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
 * This window's base of each field being changed: what the screen showed when the person began
 * changing it, and the record's version then. A pull that lands, or another window's save, while
 * they type is merged with, never written over. Once the typing is saved, the base is what the
 * screen shows from then on (the saved text, or the store's copy with another window's words
 * merged in), until the screen shows the store's copy again (see setMany). `last` is the value
 * last typed.
 */
type Typing = {
  bases: Map<string, { value: FieldValue; version: number }>;
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
  const overlayRef = useRef(overlay);
  overlayRef.current = overlay;
  const { autosave, typing } = useMemo(() => {
    // Bound to this record: a form reused for another record (the router keeps a component when
    // only its route's id changes) must never save this record's words into that one.
    const own = optionsRef.current;
    const current = () => (optionsRef.current.recordId === own.recordId ? optionsRef.current : own);
    const typing: Typing = { bases: new Map(), last: new Map() };
    // This form's rescue row (src/db/rescue.ts), and the write of it not yet caught up with.
    const form = crypto.randomUUID();
    let rescued: string | null = null;
    const storeNow = () => openStoreOf(services.user.id) ?? services.store;
    const startedFrom = (changes: Readonly<Record<string, FieldValue>>) => {
      const o = current();
      const seen: Record<string, FieldValue> = {};
      const text: string[] = [];
      let version = Number.POSITIVE_INFINITY;
      for (const [path, value] of Object.entries(changes)) {
        const base = typing.bases.get(path);
        if (!base) continue;
        seen[path] = base.value;
        version = Math.min(version, base.version);
        // Asked of the path: a text field being emptied (null) is still text.
        const asked = typeof value === 'string' || value === null ? (value ?? '') : value;
        if (isTextPath(o.type, o.fields ?? {}, path, asked, services.templates)) text.push(path);
      }
      return version === Number.POSITIVE_INFINITY ? undefined : { version, values: seen, text };
    };
    // A text merged with another window's is saved only if it passes the field's own check.
    const fits = (path: string, value: FieldValue) => !current().validate?.(path, value);
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
      rescue: (unsaved, onItsWay) => {
        const o = current();
        const { db, cipher } = storeNow();
        const started = performance.now();
        const token = crypto.randomUUID();
        const from = startedFrom(unsaved);
        rescueNow(db, cipher, form, {
          recordId: o.recordId,
          type: o.type,
          changes: unsaved,
          at: new Date().toISOString(),
          token,
          // No other window takes it up while this one is open (src/app/rescue-replay.ts).
          writer: thisWindow().id,
          ...(o.scopeId ? { scopeId: o.scopeId } : {}),
          ...(o.parentId ? { parentId: o.parentId } : {}),
          ...(from ? { startedFrom: from } : {}),
          // The bases move to it only once its save is heard to land, which a page going may not
          // wait for: the row says what the typing may have grown from by then.
          ...(Object.keys(onItsWay).length > 0 ? { landing: onItsWay } : {}),
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
        // User Timing: tests/bench reads how long a save takes from trigger to commit.
        const started = performance.now();
        const startedFromNow = startedFrom(changes);
        let record: RecordView;
        try {
          ({ record } = await saveFields(db, cipher, {
            recordId: o.recordId,
            type: o.type,
            changes,
            fits,
            ...(o.scopeId ? { scopeId: o.scopeId } : {}),
            ...(o.parentId ? { parentId: o.parentId } : {}),
            ...(startedFromNow ? { startedFrom: startedFromNow } : {}),
          }));
          setError(null);
          performance.measure('obs:autosave', { start: started, end: performance.now() });
        } catch (err) {
          setError(err);
          throw err;
        }
        // A field saved as last typed shows what the store holds now (another window's words
        // merged in), and typing on starts from that. One typed on meanwhile keeps what is typed
        // on the screen, grown from the text just saved: the next save merges from that text.
        const savedNow = (path: string) => record.fields[path] ?? null;
        setOverlay((prev) => {
          const next = new Map(prev);
          for (const [path, value] of Object.entries(changes)) {
            const entry = next.get(path);
            if (entry && entry.value === value)
              next.set(path, { value: savedNow(path), saved: true });
          }
          return next;
        });
        for (const [path, value] of Object.entries(changes)) {
          const typedOn = !Object.is(typing.last.get(path), value);
          if (!typedOn) typing.last.delete(path);
          // Typed on meanwhile: the screen's text grew from what was saved, not from the store's.
          const base = typedOn ? value : savedNow(path);
          typing.bases.set(path, { value: base, version: record.version });
        }
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

  // Once the store shows a saved value (or something newer from elsewhere, another window's words
  // merged in), stop overlaying it. From the overlay as it is then: a keystroke that came between
  // this render and the effect stays on the screen. A saved value the copy shown differs from is
  // let go only once the store itself is found to hold something else: reads are answered in their
  // own time, and one begun before the save can arrive after it, older than what was saved (shown,
  // it took the last words off the screen, and a key typed then went on the end of the older text).
  useEffect(() => {
    const storedValue = (path: string) => options.fields?.[path] ?? null;
    setOverlay((prev) => {
      let next: Overlay | null = null;
      for (const [path, entry] of prev) {
        if (entry.problem || storedValue(path) !== entry.value) continue;
        next ??= new Map(prev);
        next.delete(path);
      }
      return next ?? prev;
    });
    const differing = [...overlayRef.current].filter(
      ([path, entry]) => entry.saved && !entry.problem && storedValue(path) !== entry.value,
    );
    if (differing.length === 0) return;
    let live = true;
    const { db, cipher } = openStoreOf(services.user.id) ?? services.store;
    void getRecord(db, cipher, options.recordId)
      .then((now) => {
        if (!live) return;
        setOverlay((prev) => {
          let next: Overlay | null = null;
          for (const [path, entry] of differing) {
            // Typed over since, or the store still holds what was saved: keep it on the screen.
            if (prev.get(path) !== entry || (now?.fields[path] ?? null) === entry.value) continue;
            next ??= new Map(prev);
            next.delete(path);
          }
          return next ?? prev;
        });
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
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
    // A field whose screen shows the store's copy again (nothing typed or saved here is over it)
    // has no base of its own any more: an edit of it starts from that copy, as it is now.
    for (const path of typing.bases.keys()) {
      if (!typing.last.has(path) && !overlayRef.current.has(path)) typing.bases.delete(path);
    }
    for (const { path, value: v } of judged) {
      if (!typing.bases.has(path)) {
        typing.bases.set(path, { value: o.fields?.[path] ?? null, version: o.version ?? 0 });
      }
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
