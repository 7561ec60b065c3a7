import { fieldValuesEqual } from '../entities/field-value';
import type { FieldValue } from '../entities/field-value';
import type { AmendmentChildChange } from '../entities/amendment';
import { isHandlingPath } from './after-submission';
import { childContentPaths, isContentChild } from './amendment-diff';
import type { ChildRowState } from './amendment-diff';

// Cancelling an amendment: its edits were saved as they were typed (and may be on the server
// already), so cancelling puts each field it changed back, as edits that still name it. A field
// that no longer holds what the amendment wrote was changed by someone else since (another device's
// edit merged in by the server, a pull); writing the old value over that would lose their change
// without anyone seeing it, so such a field is left as it is and shown to the person instead.

type Fields = Readonly<Record<string, FieldValue>>;

/** A field the amendment changed that has been changed again since, by someone else. */
export type ChangedSince = {
  path: string;
  /** Its value before the amendment began. */
  before: FieldValue;
  /** What the amendment last wrote in it. */
  ours: FieldValue;
  /** What it holds now. */
  now: FieldValue;
};

export type CancelPlan = {
  /** Each field to put back, with its value before the amendment (null: it was empty). */
  revert: Record<string, FieldValue>;
  /** Fields left as they are, because someone else changed them after the amendment did. */
  changedSince: ChangedSince[];
};

const CONTENT_ROOTS = new Set(['context', 'responses', 'summary', 'family']);
const CONTENT_FIELDS = new Set(['templateId', 'templateVersion', 'serviceId']);

/**
 * Whether a path is the observation's content, which an amendment changes: not its handling (the
 * status a QA lead moved on meanwhile, the practitioner's own response) nor bookkeeping.
 */
export function isAmendableContentPath(path: string): boolean {
  if (isHandlingPath(path, {})) return false;
  const root = path.split('.', 1)[0]!;
  return CONTENT_ROOTS.has(root) ? path.includes('.') : CONTENT_FIELDS.has(path);
}

/**
 * What cancelling an amendment does to its observation's fields: `before` as they were when it
 * began, `now` as they are, `wrote` the value the amendment's own edits last left in each field
 * they touched. A session begun by a release that kept no `wrote` counts every content field that
 * differs as the amendment's (the confirmation page lists each one before anything is put back).
 */
export function planAmendmentCancel(before: Fields, now: Fields, wrote?: Fields): CancelPlan {
  const candidates = wrote ? Object.keys(wrote) : [...Object.keys(before), ...Object.keys(now)];
  const paths = [...new Set(candidates)].filter(isAmendableContentPath).sort();
  const revert: Record<string, FieldValue> = {};
  const changedSince: ChangedSince[] = [];
  for (const path of paths) {
    const was = before[path] ?? null;
    const is = now[path] ?? null;
    if (fieldValuesEqual(was, is)) continue;
    const ours = wrote ? (wrote[path] ?? null) : is;
    if (fieldValuesEqual(ours, is)) revert[path] = was;
    else changedSince.push({ path, before: was, ours, now: is });
  }
  return { revert, changedSince };
}

// Its improvement actions and call attempts are put back with the same care, row by row and field
// by field (only their content: an action's words, a call attempt's every field; amendment-diff.ts).
// A row it added is removed, one it removed is brought back with its content as it was, and a
// field it changed goes back; each only while it holds what the amendment's own edits last left
// in it (`ChildWrote`). A row or field someone else has changed since is left as it is and shown.

/** What the amendment's own edits last left in one of its observation's child rows. */
export type ChildWrote = {
  /** Whether its last edit of the row left it there (added, changed, brought back) or removed it. */
  live: boolean;
  /** Each content field its edits wrote, as they last left it (null: empty). */
  fields: Readonly<Record<string, FieldValue>>;
  /**
   * Its content fields as the row held them when the amendment's last edit removed it (absent
   * while it leaves the row there): what a removed row the tablet no longer holds holds.
   */
  removedWith?: Readonly<Record<string, FieldValue>>;
};

/** A child row as the tablet holds it now; `deleted`: removed, but still held (its words kept). */
export type ChildRowNow = ChildRowState & { deleted?: boolean };

/** One content field of a child row going back: what it shows now, and what it goes back to. */
export type ChildFieldBack = { path: string; now: FieldValue; to: FieldValue };

/** A child row the cancel puts back. */
export type ChildPutBack = {
  recordType: AmendmentChildChange['recordType'];
  recordId: string;
  /** `remove`: the amendment added it; `restore`: it removed it; `change`: it changed its fields. */
  kind: 'remove' | 'restore' | 'change';
  /**
   * The content fields to write (restore, change), each with its value before the amendment. A
   * row brought back that the tablet no longer holds has every one written, those the amendment
   * never wrote with what the row holds: not the amendment's (`childWroteAfter`).
   */
  changes: Record<string, FieldValue>;
  /** Each field that goes back, for the person to see (null: empty, or the row is not there). */
  fields: ChildFieldBack[];
};

/**
 * A child row's field the amendment changed that someone else has changed since (null: empty, or
 * the row is not there: added by the amendment and removed by someone else, or the other way).
 */
export type ChildChangedSince = {
  recordType: AmendmentChildChange['recordType'];
  recordId: string;
  path: string;
  /** Before the amendment began. */
  before: FieldValue;
  /** What the amendment last left in it. */
  ours: FieldValue;
  /** What it holds now. */
  now: FieldValue;
};

export type ChildCancelPlan = { putBack: ChildPutBack[]; changedSince: ChildChangedSince[] };

/**
 * What cancelling an amendment does to its observation's improvement actions and call attempts:
 * `before` their content when it began (the session's `children`), `now` the rows the tablet holds
 * (a removed row it no longer holds has what the amendment left in it), `wrote` what the
 * amendment's own edits last left in each row they touched. A session begun by a release that kept
 * no `wrote` counts every row and field that differs as the amendment's (the confirmation page
 * lists each one before anything is put back). A row the amendment never touched is not its to
 * put back, whatever someone else did to it.
 */
export function planChildCancel(
  before: readonly ChildRowState[],
  now: readonly ChildRowNow[],
  wrote?: Readonly<Record<string, ChildWrote>>,
): ChildCancelPlan {
  const was = new Map(before.filter((r) => isContentChild(r.type)).map((r) => [r.id, r]));
  const held = new Map(now.filter((r) => isContentChild(r.type)).map((r) => [r.id, r]));
  const ids = [...new Set([...was.keys(), ...held.keys()])].filter(
    (id) => !wrote || Object.hasOwn(wrote, id),
  );
  const rows = ids.map((id) => ({ id, type: (held.get(id) ?? was.get(id))!.type }));
  rows.sort((x, y) => (x.type === y.type ? (x.id < y.id ? -1 : 1) : x.type < y.type ? -1 : 1));
  const putBack: ChildPutBack[] = [];
  const changedSince: ChildChangedSince[] = [];
  for (const { id, type } of rows) {
    const recordType = type as AmendmentChildChange['recordType'];
    const B = was.get(id);
    const N = held.get(id);
    const W = wrote?.[id];
    const paths = childContentPaths(type);
    const wasLive = B !== undefined;
    const isLive = N !== undefined && !N.deleted;
    const oursLive = W ? W.live : isLive;
    const wasOf = (p: string): FieldValue => B?.fields[p] ?? null;
    // What the amendment last left in the field: what it wrote, or (never written) what it found.
    // A session that kept no record of its edits counts what the row holds as its own.
    const oursOf = (p: string): FieldValue =>
      W
        ? Object.hasOwn(W.fields, p)
          ? (W.fields[p] ?? null)
          : wasOf(p)
        : N
          ? (N.fields[p] ?? null)
          : wasOf(p);
    // Whether the amendment's edits wrote the field (a session that kept no record: all of them).
    const written = (p: string): boolean => !W || Object.hasOwn(W.fields, p);
    // A removed row the tablet no longer holds holds what it held when the amendment removed it:
    // someone else's change to a removed row comes back to the tablet with the row, to be settled.
    const heldOf = (p: string): FieldValue =>
      N ? (N.fields[p] ?? null) : W?.removedWith ? (W.removedWith[p] ?? null) : oursOf(p);
    const since = (p: string, nowValue: FieldValue, beforeValue = wasOf(p)) =>
      changedSince.push({
        recordType,
        recordId: id,
        path: p,
        before: beforeValue,
        ours: oursOf(p),
        now: nowValue,
      });
    if (wasLive && isLive) {
      // There, as it was: each field the amendment wrote that still holds what it wrote goes back.
      const candidates = paths.filter(written);
      const changes: Record<string, FieldValue> = {};
      const fields: ChildFieldBack[] = [];
      for (const p of candidates) {
        const is = heldOf(p);
        if (fieldValuesEqual(wasOf(p), is)) continue;
        if (fieldValuesEqual(oursOf(p), is)) {
          changes[p] = wasOf(p);
          fields.push({ path: p, now: is, to: wasOf(p) });
        } else since(p, is);
      }
      if (fields.length > 0)
        putBack.push({ recordType, recordId: id, kind: 'change', changes, fields });
    } else if (wasLive && !isLive) {
      if (oursLive) {
        // The amendment left it there; someone else removed it since.
        for (const p of paths) if (oursOf(p) !== null || wasOf(p) !== null) since(p, null);
        continue;
      }
      // Removed by the amendment: it comes back, each field it wrote as it was before it began,
      // unless someone else has changed one since. A field it never wrote keeps what it holds
      // (someone else's change, made before the amendment removed the row, stays theirs).
      const differs = paths.filter((p) => written(p) && !fieldValuesEqual(heldOf(p), oursOf(p)));
      if (differs.length > 0) {
        for (const p of differs) since(p, heldOf(p));
        continue;
      }
      const toOf = (p: string): FieldValue => (written(p) ? wasOf(p) : heldOf(p));
      const changes: Record<string, FieldValue> = {};
      for (const p of paths) {
        // A row the tablet no longer holds comes back with its every field, so it shows them
        // before the server sends it again (a field it never wrote with what the row holds).
        if (!N || !fieldValuesEqual(heldOf(p), toOf(p))) changes[p] = toOf(p);
      }
      const fields = paths
        .filter((p) => toOf(p) !== null)
        .map((p) => ({ path: p, now: null, to: toOf(p) }));
      putBack.push({ recordType, recordId: id, kind: 'restore', changes, fields });
    } else if (!wasLive && isLive) {
      if (!oursLive) {
        // The amendment removed what it had added; someone else brought it back since.
        for (const p of paths) if (heldOf(p) !== null) since(p, heldOf(p), null);
        continue;
      }
      const differs = paths.filter((p) => !fieldValuesEqual(heldOf(p), oursOf(p)));
      if (differs.length > 0) {
        for (const p of differs) since(p, heldOf(p), null);
        continue;
      }
      const fields = paths
        .filter((p) => heldOf(p) !== null)
        .map((p) => ({ path: p, now: heldOf(p), to: null }));
      putBack.push({ recordType, recordId: id, kind: 'remove', changes: {}, fields });
    }
  }
  return { putBack, changedSince };
}

/**
 * What the amendment's edits have left in its child rows once a cancel has carried out `putBack`
 * (its edits name the amendment, and are noted as any of its edits are): a row brought back is
 * there again, with the fields the amendment had written as they were before it began, and a field
 * it never wrote, written only so the tablet shows the row whole, is still not its own.
 */
export function childWroteAfter(
  wrote: Readonly<Record<string, ChildWrote>>,
  putBack: readonly ChildPutBack[],
): Record<string, ChildWrote> {
  const after: Record<string, ChildWrote> = { ...wrote };
  for (const back of putBack) {
    const was = wrote[back.recordId];
    const changes = Object.entries(back.changes).filter(
      ([p]) => back.kind !== 'restore' || (was !== undefined && Object.hasOwn(was.fields, p)),
    );
    after[back.recordId] = {
      live: back.kind !== 'remove',
      fields: { ...was?.fields, ...Object.fromEntries(changes) },
      ...(back.kind === 'remove' ? { removedWith: removedWithOf(back) } : {}),
    };
  }
  return after;
}

/** A removed row's content fields: what it held, as the plan saw them going. */
function removedWithOf(back: ChildPutBack): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  for (const p of childContentPaths(back.recordType)) out[p] = null;
  for (const f of back.fields) out[f.path] = f.now;
  return out;
}
