import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { FieldValue } from '../entities/field-value';
import {
  childWroteAfter,
  isAmendableContentPath,
  planAmendmentCancel,
  planChildCancel,
} from './amendment-cancel';
import type { ChildRowNow, ChildWrote } from './amendment-cancel';
import { childContentOf } from './amendment-diff';
import type { ChildRowState } from './amendment-diff';

describe('cancelling an amendment', () => {
  type Fields = Record<string, FieldValue>;
  test.each<{
    case: string;
    before: Fields;
    now: Fields;
    wrote: Fields | undefined;
    revert: Fields;
    changedSince: unknown[];
  }>([
    {
      case: 'a field the amendment changed, still as it left it, goes back',
      before: { 'summary.strengths': 'As submitted.' },
      now: { 'summary.strengths': 'Amended.' },
      wrote: { 'summary.strengths': 'Amended.' },
      revert: { 'summary.strengths': 'As submitted.' },
      changedSince: [],
    },
    {
      case: 'a field the amendment filled in that was empty is emptied',
      before: {},
      now: { 'context.setting': 'Home' },
      wrote: { 'context.setting': 'Home' },
      revert: { 'context.setting': null },
      changedSince: [],
    },
    {
      case: 'a field the amendment rubbed out is filled in again',
      before: { 'summary.overallGrade': 'good' },
      now: {},
      wrote: { 'summary.overallGrade': null },
      revert: { 'summary.overallGrade': 'good' },
      changedSince: [],
    },
    {
      case: 'a field changed and changed back needs nothing',
      before: { 'summary.strengths': 'As submitted.' },
      now: { 'summary.strengths': 'As submitted.' },
      wrote: { 'summary.strengths': 'As submitted.' },
      revert: {},
      changedSince: [],
    },
    {
      case: 'a field someone else changed after the amendment did is left and shown',
      before: { 'summary.strengths': 'As submitted.' },
      now: { 'summary.strengths': 'Amended, and merged with another tablet’s words.' },
      wrote: { 'summary.strengths': 'Amended.' },
      revert: {},
      changedSince: [
        {
          path: 'summary.strengths',
          before: 'As submitted.',
          ours: 'Amended.',
          now: 'Amended, and merged with another tablet’s words.',
        },
      ],
    },
    {
      case: 'a field the amendment never touched is not its to put back',
      before: { 'context.caseId': 'AB-1' },
      now: { 'context.caseId': 'AB-2', 'summary.strengths': 'Amended.' },
      wrote: { 'summary.strengths': 'Amended.' },
      revert: { 'summary.strengths': null },
      changedSince: [],
    },
    {
      case: 'handling and bookkeeping are never put back, even from an older session that kept no record of its edits',
      before: {
        status: 'submitted',
        updatedAt: 'a',
        practitionerResponse: 'x',
        'summary.strengths': 'S',
      },
      now: {
        status: 'moderated',
        updatedAt: 'b',
        practitionerResponse: 'y',
        'summary.strengths': 'T',
      },
      wrote: undefined,
      revert: { 'summary.strengths': 'S' },
      changedSince: [],
    },
  ])('$case', ({ before, now, wrote, revert, changedSince }) => {
    const plan = planAmendmentCancel(before, now, wrote);
    expect(plan).toEqual({ revert, changedSince });
  });

  test('content paths are the observer’s record, not its handling or bookkeeping', () => {
    for (const p of ['context.caseId', 'responses.B1.value', 'summary.strengths', 'family.name'])
      expect(isAmendableContentPath(p)).toBe(true);
    expect(isAmendableContentPath('summary.reflection')).toBe(true);
    for (const p of ['status', 'practitionerResponse', 'sharedWithPractitioner', 'updatedAt'])
      expect(isAmendableContentPath(p)).toBe(false);
    for (const p of ['submittedTimescales.x', 'submittedAt', 'summary', 'ownerId'])
      expect(isAmendableContentPath(p)).toBe(false);
  });

  const paths = fc.constantFrom('summary.strengths', 'context.setting', 'responses.B1.value');
  const value = fc.option(fc.constantFrom('a', 'b', 'c'), { nil: null });
  const fields = fc.dictionary(paths, value);

  test('after its plan is applied, every field the amendment touched is as before or listed as changed since; nothing else moves; a second cancel has nothing to do', () => {
    fc.assert(
      fc.property(fields, fields, fields, (before, now, wrote) => {
        const plan = planAmendmentCancel(before, now, wrote);
        const after = { ...now, ...plan.revert };
        const since = new Set(plan.changedSince.map((c) => c.path));
        for (const path of Object.keys(wrote)) {
          if (!since.has(path)) expect(after[path] ?? null).toEqual(before[path] ?? null);
          else expect(after[path]).toEqual(now[path]);
        }
        for (const path of Object.keys(after))
          if (!(path in wrote)) expect(after[path]).toEqual(now[path]);
        // Only a field holding what the amendment wrote is written over.
        for (const path of Object.keys(plan.revert))
          expect(now[path] ?? null).toEqual(wrote[path] ?? null);
        const again = planAmendmentCancel(before, after, { ...wrote, ...plan.revert });
        expect(again.revert).toEqual({});
        expect(again.changedSince).toEqual(plan.changedSince);
      }),
    );
  });
});

describe('cancelling an amendment: its improvement actions and call attempts', () => {
  const action = (id: string, what: string | null, deleted = false): ChildRowNow => ({
    id,
    type: 'action',
    fields: what === null ? {} : { what, status: 'open' },
    ...(deleted ? { deleted } : {}),
  });
  const state = (id: string, what: string): ChildRowState => ({
    id,
    type: 'action',
    fields: { what },
  });
  const call: ChildRowState = {
    id: 'c1',
    type: 'call-attempt',
    fields: { at: '2026-05-01T10:00', outcome: 'no-answer' },
  };

  test.each<{
    case: string;
    before: ChildRowState[];
    now: ChildRowNow[];
    wrote: Record<string, ChildWrote> | undefined;
    plan: ReturnType<typeof planChildCancel>;
  }>([
    {
      case: 'an action the amendment added, as it left it, is removed',
      before: [],
      now: [action('a1', 'Added')],
      wrote: { a1: { live: true, fields: { what: 'Added' } } },
      plan: {
        putBack: [
          {
            recordType: 'action',
            recordId: 'a1',
            kind: 'remove',
            changes: {},
            fields: [{ path: 'what', now: 'Added', to: null }],
          },
        ],
        changedSince: [],
      },
    },
    {
      case: 'an action the amendment added that someone else has changed since stays, and is shown',
      before: [],
      now: [action('a1', 'Added, and theirs')],
      wrote: { a1: { live: true, fields: { what: 'Added' } } },
      plan: {
        putBack: [],
        changedSince: [
          {
            recordType: 'action',
            recordId: 'a1',
            path: 'what',
            before: null,
            ours: 'Added',
            now: 'Added, and theirs',
          },
        ],
      },
    },
    {
      case: 'an action the amendment removed, still held, comes back as it was',
      before: [state('a1', 'As submitted')],
      now: [action('a1', 'Changed, then removed', true)],
      wrote: {
        a1: {
          live: false,
          fields: { what: 'Changed, then removed' },
          removedWith: { what: 'Changed, then removed' },
        },
      },
      plan: {
        putBack: [
          {
            recordType: 'action',
            recordId: 'a1',
            kind: 'restore',
            changes: { what: 'As submitted' },
            fields: [{ path: 'what', now: null, to: 'As submitted' }],
          },
        ],
        changedSince: [],
      },
    },
    {
      case: 'an action the amendment removed that the tablet no longer holds comes back with every field',
      before: [call],
      now: [],
      wrote: {
        c1: {
          live: false,
          fields: { note: 'Typed' },
          removedWith: { at: '2026-05-01T10:00', outcome: 'no-answer', note: 'Typed' },
        },
      },
      plan: {
        putBack: [
          {
            recordType: 'call-attempt',
            recordId: 'c1',
            kind: 'restore',
            changes: { at: '2026-05-01T10:00', outcome: 'no-answer', note: null },
            fields: [
              { path: 'at', now: null, to: '2026-05-01T10:00' },
              { path: 'outcome', now: null, to: 'no-answer' },
            ],
          },
        ],
        changedSince: [],
      },
    },
    {
      case: 'a removed row someone else changed after the amendment wrote it stays removed, and is shown',
      before: [state('a1', 'As submitted')],
      now: [action('a1', 'Theirs', true)],
      wrote: { a1: { live: false, fields: { what: 'Mine' }, removedWith: { what: 'Mine' } } },
      plan: {
        putBack: [],
        changedSince: [
          {
            recordType: 'action',
            recordId: 'a1',
            path: 'what',
            before: 'As submitted',
            ours: 'Mine',
            now: 'Theirs',
          },
        ],
      },
    },
    {
      case: 'a field someone else changed before the amendment removed the row is theirs: the row comes back with it',
      before: [state('a1', 'As submitted')],
      now: [],
      wrote: { a1: { live: false, fields: {}, removedWith: { what: 'Theirs' } } },
      plan: {
        putBack: [
          {
            recordType: 'action',
            recordId: 'a1',
            kind: 'restore',
            changes: { what: 'Theirs' },
            fields: [{ path: 'what', now: null, to: 'Theirs' }],
          },
        ],
        changedSince: [],
      },
    },
    {
      case: 'a field the amendment changed goes back only where it holds what the amendment wrote',
      before: [call],
      now: [
        {
          ...call,
          fields: { at: '2026-05-01T11:00', outcome: 'spoke-to-family', note: 'Theirs' },
        },
      ],
      wrote: {
        c1: {
          live: true,
          fields: { at: '2026-05-01T11:00', outcome: 'spoke-to-family', note: 'Mine' },
        },
      },
      plan: {
        putBack: [
          {
            recordType: 'call-attempt',
            recordId: 'c1',
            kind: 'change',
            changes: { at: '2026-05-01T10:00', outcome: 'no-answer' },
            fields: [
              { path: 'at', now: '2026-05-01T11:00', to: '2026-05-01T10:00' },
              { path: 'outcome', now: 'spoke-to-family', to: 'no-answer' },
            ],
          },
        ],
        changedSince: [
          {
            recordType: 'call-attempt',
            recordId: 'c1',
            path: 'note',
            before: null,
            ours: 'Mine',
            now: 'Theirs',
          },
        ],
      },
    },
    {
      case: 'a row the amendment left there that someone else removed since is shown, not brought back',
      before: [state('a1', 'As submitted')],
      now: [],
      wrote: { a1: { live: true, fields: { what: 'Mine' } } },
      plan: {
        putBack: [],
        changedSince: [
          {
            recordType: 'action',
            recordId: 'a1',
            path: 'what',
            before: 'As submitted',
            ours: 'Mine',
            now: null,
          },
        ],
      },
    },
    {
      case: 'a row the amendment added and removed, brought back by someone else, is shown',
      before: [],
      now: [action('a1', 'Theirs now')],
      wrote: { a1: { live: false, fields: { what: 'Mine' }, removedWith: { what: 'Mine' } } },
      plan: {
        putBack: [],
        changedSince: [
          {
            recordType: 'action',
            recordId: 'a1',
            path: 'what',
            before: null,
            ours: 'Mine',
            now: 'Theirs now',
          },
        ],
      },
    },
    {
      case: 'rows the amendment never touched are not its to put back, whatever someone else did',
      before: [state('a1', 'As submitted'), state('a2', 'Removed by someone else')],
      now: [action('a1', 'Changed by someone else'), action('a3', 'Added by someone else')],
      wrote: {},
      plan: { putBack: [], changedSince: [] },
    },
    {
      case: 'a session that kept no record of its edits counts every difference as its own, and tracking is never content',
      before: [state('a1', 'As submitted'), state('a2', 'Removed')],
      now: [
        { id: 'a1', type: 'action', fields: { what: 'As submitted', status: 'done' } },
        action('a3', 'Added'),
        { id: 'r1', type: 'review-comment', fields: { text: 'Not content' } },
      ],
      wrote: undefined,
      plan: {
        putBack: [
          {
            recordType: 'action',
            recordId: 'a2',
            kind: 'restore',
            changes: { what: 'Removed' },
            fields: [{ path: 'what', now: null, to: 'Removed' }],
          },
          {
            recordType: 'action',
            recordId: 'a3',
            kind: 'remove',
            changes: {},
            fields: [{ path: 'what', now: 'Added', to: null }],
          },
        ],
        changedSince: [],
      },
    },
  ])('$case', ({ before, now, wrote, plan }) => {
    expect(planChildCancel(before, now, wrote)).toEqual(plan);
  });

  // A model of the tablet: each row's content and whether it is removed, the amendment's edits
  // noted as local-edits.ts notes them, someone else's not; a removed row may have been let go.
  type Row = { type: string; fields: Record<string, FieldValue>; deleted: boolean };
  type World = Map<string, Row>;
  const IDS = ['a1', 'a2', 'c1', 'c2'] as const;
  const typeOf = (id: string) => (id.startsWith('a') ? 'action' : 'call-attempt');
  const pathsOf = (id: string) => (id.startsWith('a') ? ['what'] : ['at', 'outcome', 'note']);
  const value = fc.option(fc.constantFrom('x', 'y', 'z'), { nil: null });
  const op = fc.record({
    by: fc.constantFrom('amendment', 'amendment', 'someone else'),
    kind: fc.constantFrom('add', 'edit', 'edit', 'edit', 'delete', 'restore'),
    id: fc.constantFrom(...IDS),
    path: fc.nat(2),
    value,
  });
  const beforeRows = fc
    .subarray([...IDS])
    .chain((ids) =>
      fc.tuple(
        ...ids.map((id) =>
          fc.tuple(fc.constant(id), fc.array(value, { minLength: 3, maxLength: 3 })),
        ),
      ),
    );

  function setUp(rows: readonly (readonly [string, FieldValue[]])[]) {
    const world: World = new Map();
    for (const [id, values] of rows) {
      const fields: Record<string, FieldValue> = { status: 'open' };
      pathsOf(id).forEach((p, i) => {
        if (values[i] !== null) fields[p] = values[i]!;
      });
      world.set(id, { type: typeOf(id), fields, deleted: false });
    }
    const before = childContentOf(
      [...world].map(([id, r]) => ({ id, type: r.type, fields: r.fields })),
    );
    return { world, before };
  }

  const content = (id: string, r: Row) => {
    const out: Record<string, FieldValue> = {};
    for (const p of pathsOf(id)) out[p] = r.fields[p] ?? null;
    return out;
  };

  /** Applies one edit; notes it in `wrote` when the amendment made it. */
  function apply(
    world: World,
    wrote: Record<string, ChildWrote>,
    e: { by: string; kind: string; id: string; path: number; value: FieldValue },
  ) {
    const row = world.get(e.id);
    const paths = pathsOf(e.id);
    const set: Record<string, FieldValue> = {};
    if (e.kind === 'add') {
      if (row) return;
      set[paths[e.path % paths.length]!] = e.value ?? 'new';
      world.set(e.id, { type: typeOf(e.id), fields: { ...set }, deleted: false });
    } else if (e.kind === 'edit') {
      if (!row || row.deleted) return;
      set[paths[e.path % paths.length]!] = e.value;
      for (const [p, v] of Object.entries(set))
        if (v === null) delete row.fields[p];
        else row.fields[p] = v;
    } else if (e.kind === 'delete') {
      if (!row || row.deleted) return;
      row.deleted = true;
    } else {
      if (!row || !row.deleted) return;
      row.deleted = false;
    }
    if (e.by !== 'amendment') return;
    const now = world.get(e.id)!;
    const was = wrote[e.id];
    const written: Record<string, FieldValue> = {};
    for (const p of Object.keys(set)) written[p] = now.fields[p] ?? null;
    wrote[e.id] = {
      live: !now.deleted,
      fields: { ...was?.fields, ...written },
      ...(now.deleted ? { removedWith: content(e.id, now) } : {}),
    };
  }

  /** What the tablet holds: a removed row may have been let go once its removal was confirmed. */
  const heldRows = (world: World, letGo: readonly boolean[]): ChildRowNow[] =>
    [...world]
      .filter(([, r], i) => !(r.deleted && letGo[i % letGo.length]))
      .map(([id, r]) => ({
        id,
        type: r.type,
        fields: { ...r.fields },
        ...(r.deleted ? { deleted: true } : {}),
      }));

  /** Carries the plan out on the model, each edit naming the amendment. */
  function carryOut(
    world: World,
    wrote: Record<string, ChildWrote>,
    plan: ReturnType<typeof planChildCancel>,
  ) {
    for (const back of plan.putBack) {
      const row = world.get(back.recordId)!;
      if (back.kind === 'remove') row.deleted = true;
      if (back.kind === 'restore') row.deleted = false;
      for (const [p, v] of Object.entries(back.changes))
        if (v === null) delete row.fields[p];
        else row.fields[p] = v;
    }
    // As the cancel notes its own edits (src/db/amendment-cancel.ts).
    Object.assign(wrote, childWroteAfter(wrote, plan.putBack));
  }

  const liveContent = (world: World) =>
    Object.fromEntries(
      [...world].filter(([, r]) => !r.deleted).map(([id, r]) => [id, content(id, r)]),
    );
  const contentOf = (rows: readonly ChildRowState[]) =>
    Object.fromEntries(
      rows.map((r) => [
        r.id,
        Object.fromEntries(pathsOf(r.id).map((p) => [p, r.fields[p] ?? null])),
      ]),
    );

  test('right after any sequence of its own edits, a cancel leaves exactly the rows and fields it began with, whether or not it kept a record of its edits and whatever removed rows the tablet let go', () => {
    const amendmentOp = op.map((e) => ({ ...e, by: 'amendment' }));
    fc.assert(
      fc.property(
        beforeRows,
        fc.array(amendmentOp, { maxLength: 12 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        (rows, edits, letGo, kept) => {
          const { world, before } = setUp(rows);
          const wrote: Record<string, ChildWrote> = {};
          for (const e of edits) apply(world, wrote, e);
          const plan = planChildCancel(before, heldRows(world, letGo), kept ? wrote : undefined);
          expect(plan.changedSince).toEqual([]);
          carryOut(world, wrote, plan);
          expect(liveContent(world)).toEqual(contentOf(before));
        },
      ),
      { seed: 20260514, numRuns: 1000 },
    );
  });

  let mixed = 0;
  test('with someone else’s edits among its own: only what holds what it wrote is written over, every row it touched is as it began or shown, nothing else moves, and a second cancel has nothing to do', () => {
    fc.assert(
      fc.property(
        beforeRows,
        fc.array(op, { maxLength: 20 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 6 }),
        (rows, edits, letGo) => {
          const { world, before } = setUp(rows);
          const wrote: Record<string, ChildWrote> = {};
          for (const e of edits) apply(world, wrote, e);
          const held = heldRows(world, letGo);
          const plan = planChildCancel(before, held, wrote);
          const heldById = new Map(held.map((r) => [r.id, r]));
          // Only what holds what the amendment last left in it is written over.
          for (const back of plan.putBack) {
            const w = wrote[back.recordId]!;
            const row = heldById.get(back.recordId);
            const holds = (p: string) =>
              row ? (row.fields[p] ?? null) : (w.removedWith?.[p] ?? null);
            for (const [p, to] of Object.entries(back.changes)) {
              // A field it wrote holds what it wrote; one it never wrote keeps what it holds.
              if (Object.hasOwn(w.fields, p)) expect(holds(p)).toEqual(w.fields[p]);
              else expect(to).toEqual(holds(p));
            }
            if (back.kind === 'remove') {
              expect(w.live).toBe(true);
              for (const p of pathsOf(back.recordId)) expect(holds(p)).toEqual(w.fields[p] ?? null);
            }
            if (back.kind === 'restore') expect(w.live).toBe(false);
          }
          const untouched = new Map(
            [...world].filter(([id]) => !(id in wrote)).map(([id, r]) => [id, structuredClone(r)]),
          );
          const shown = new Set(plan.changedSince.map((c) => c.recordId));
          if (plan.putBack.length > 0 && shown.size > 0) mixed += 1;
          const written = Object.fromEntries(
            Object.entries(wrote).map(([id, w]) => [id, Object.keys(w.fields)]),
          );
          carryOut(world, wrote, plan);
          const was = contentOf(before);
          for (const id of Object.keys(wrote)) {
            if (shown.has(id)) continue;
            const row = world.get(id);
            const live = row !== undefined && !row.deleted;
            expect(live).toBe(id in was);
            if (live)
              for (const p of written[id]!) expect(row.fields[p] ?? null).toEqual(was[id]![p]);
          }
          for (const [id, r] of untouched) expect(world.get(id)).toEqual(r);
          const again = planChildCancel(before, heldRows(world, letGo), wrote);
          expect(again.putBack).toEqual([]);
          expect(again.changedSince).toEqual(plan.changedSince);
        },
      ),
      { seed: 20260515, numRuns: 1000 },
    );
    // The runs include cancels that put some rows back and show others as someone else's.
    expect(mixed).toBeGreaterThan(0);
  });
});
