// Once an observation is submitted, what the observer recorded changes only by an amendment (its
// edits name the amendment, then the amendment row records them), and once closed not at all
// (schemas/rules/after-submission.ts), through the real push route on every engine. The tester's
// case first: tablet A, offline, edits a draft's strengths; tablet B (same observer) submits it and
// the QA lead moderates it; A's stale edit then arrives and must be refused, recorded and returned
// with a code and a reason, leaving the moderated text as it was (no amendment, no conflict, no
// superseded value). Then every legitimate flow that must still work: the observer's own edits
// made before submitting on the same tablet, two tablets editing before one submits, a returned
// observation edited and submitted again, amending (submitted and moderated), sharing and the
// practitioner's own response (never the reflection the observer recorded), the QA lead's moderation, and the server's own fields.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Mutation, MutationResult } from '../../schemas/sync/push';
import type { FieldValue, SyncRecord } from '../../schemas/sync/records';
import { buildTestApp } from '../helpers/build-app';
import type { TestApp } from '../helpers/build-app';
import { ENGINES } from '../helpers/engines';
import { FRONTLINE, InjectDevice } from '../helpers/inject-sync';
import { createAccount, signIn, useQuickPasswordHashing } from '../helpers/accounts';
import { addScope, newId } from '../helpers/sync-fixtures';
import { SUBMITTABLE } from '../helpers/submittable';

useQuickPasswordHashing();

const ORIGINAL = 'Original strengths text, as moderated.';

/** A device that remembers what it pulled, so a test can read a record as that tablet last saw it. */
class Tablet {
  readonly records = new Map<string, SyncRecord>();
  constructor(readonly device: InjectDevice) {}
  get deviceId() {
    return this.device.session.deviceId;
  }
  async pull(): Promise<void> {
    for (const r of await this.device.pull()) this.records.set(r.id, r);
  }
  version(id: string): number {
    return this.records.get(id)?.version ?? 0;
  }
  async push(...mutations: Omit<Mutation, 'id' | 'at'>[]): Promise<MutationResult[]> {
    return (await this.device.push(...mutations)).results;
  }
  /** An edit of an observation as the tablet makes it: against the version it last pulled. */
  edit(id: string, set: Record<string, FieldValue>, extra: Partial<Mutation> = {}) {
    const seen = this.records.get(id)?.fields ?? {};
    const base = Object.fromEntries(Object.keys(set).map((p) => [p, seen[p] ?? null]));
    return this.push({ ...put(id, this.version(id), set, base), ...extra });
  }
}

/** An observation's fields put as a tablet sends them: against the version it had, with the values it had seen if it says. */
function put(
  recordId: string,
  baseVersion: number,
  set: Record<string, FieldValue>,
  base?: Record<string, FieldValue>,
): Omit<Mutation, 'id' | 'at'> {
  return { recordId, type: 'observation', op: 'put', baseVersion, set, ...(base ? { base } : {}) };
}

/** What the server answers a mutation it applied, and one it refused with `code`. */
const applied = expect.objectContaining({ status: 'applied' });
const refused = (code: string) => expect.objectContaining({ status: 'rejected', code });

for (const engine of ENGINES) {
  const t = await buildTestApp(engine);
  describe.skipIf(t === null)(`a submitted observation’s content on ${engine.name}`, () => {
    let ctx: TestApp;
    let group: string;
    let observer: { email: string; password: string; id: string };
    let practitionerId: string;
    let a: Tablet;
    let b: Tablet;
    let qa: Tablet;
    let practitioner: Tablet;

    const tablet = async (who: { email: string; password: string }) =>
      new Tablet(new InjectDevice(ctx.app, await signIn(ctx.app, who)));

    beforeAll(async () => {
      ctx = t!;
      const service = await addScope(ctx.storage.db, `Children ${engine.name}`, 'service');
      group = await addScope(ctx.storage.db, `Group ${engine.name}`, 'practice-group', service);
      observer = await createAccount(ctx.storage, { role: 'observer', scopeIds: [group] });
      const lead = await createAccount(ctx.storage, { role: 'qa-lead', scopeIds: [group] });
      const person = await createAccount(ctx.storage, { role: 'practitioner', scopeIds: [group] });
      practitionerId = person.id;
      a = await tablet(observer);
      b = await tablet(observer);
      qa = await tablet(lead);
      practitioner = await tablet(person);
    });
    afterAll(async () => ctx?.close());

    /** A draft made on tablet A, which every tablet of the team then pulls. */
    async function draftOnA(fields: Record<string, FieldValue> = {}): Promise<string> {
      const id = newId();
      expect(
        await a.push({
          recordId: id,
          type: 'observation',
          op: 'put',
          scopeId: group,
          baseVersion: 0,
          set: {
            ...FRONTLINE,
            ...SUBMITTABLE,
            status: 'draft',
            'summary.strengths': ORIGINAL,
            ...fields,
          },
        }),
      ).toEqual([{ id: expect.any(Number), status: 'applied' }]);
      await Promise.all([a.pull(), b.pull(), qa.pull()]);
      return id;
    }

    async function setStatus(who: Tablet, id: string, status: string) {
      await who.pull();
      expect(await who.edit(id, { status })).toEqual([applied]);
    }

    /** The record as the server holds it now, through a fresh pull of the QA lead's tablet. */
    async function server(id: string): Promise<SyncRecord> {
      await qa.pull();
      return qa.records.get(id)!;
    }

    async function storedResult(deviceId: string, mutationId: number) {
      const row = await ctx.storage.db
        .selectFrom('mutation_results')
        .select('result')
        .where('device_id', '=', deviceId)
        .where('mutation_id', '=', mutationId)
        .executeTakeFirstOrThrow();
      return JSON.parse(row.result) as MutationResult;
    }

    async function setAside(id: string) {
      const count = async (table: 'record_conflicts' | 'superseded_values') =>
        Number(
          (
            await ctx.storage.db
              .selectFrom(table)
              .select((eb) => eb.fn.countAll().as('n'))
              .where('record_id', '=', id)
              .executeTakeFirstOrThrow()
          ).n,
        );
      return {
        conflicts: await count('record_conflicts'),
        superseded: await count('superseded_values'),
      };
    }

    test('the tester’s case: a stale edit from another tablet after the submission and moderation is refused, recorded and explained, and changes nothing', async () => {
      const id = await draftOnA();
      const draftVersion = a.version(id);
      await setStatus(b, id, 'submitted');
      await setStatus(qa, id, 'moderated');
      const moderated = await server(id);

      // Tablet A, offline all along, had changed the draft's strengths and its overall grade.
      const [words] = await a.push(
        put(
          id,
          draftVersion,
          { 'summary.strengths': 'Rewritten offline on tablet A after it was moderated.' },
          { 'summary.strengths': ORIGINAL },
        ),
      );
      const [grade] = await a.push(
        put(id, draftVersion, { 'summary.overallGrade': 'outstanding' }),
      );
      for (const result of [words, grade]) {
        expect(result).toMatchObject({ status: 'rejected', code: 'AMENDMENT_REQUIRED' });
        expect(result!.message).toMatch(/submitted and moderated before this change/);
        expect(result!.message).toMatch(/Amend this observation/);
        // Recorded like any result, so the tablet stops sending it and keeps it to show.
        expect(await storedResult(a.deviceId, result!.id)).toEqual(result);
      }
      const after = await server(id);
      expect(after.fields['summary.strengths']).toBe(ORIGINAL);
      expect(after.fields['summary.overallGrade']).toBeUndefined();
      expect(after.fields['status']).toBe('moderated');
      expect(after.version).toBe(moderated.version);
      expect(after.conflicts).toEqual([]);
      expect(await setAside(id)).toEqual({ conflicts: 0, superseded: 0 });
      const amendments = [...qa.records.values()].filter(
        (r) => r.type === 'amendment' && r.parentId === id,
      );
      expect(amendments).toEqual([]);
    });

    test('a stale edit is refused as soon as the observation is submitted, before any moderation', async () => {
      const id = await draftOnA();
      const draftVersion = a.version(id);
      await setStatus(b, id, 'submitted');
      const [result] = await a.push(put(id, draftVersion, { 'context.caseId': 'ZZ-9999' }));
      expect(result).toMatchObject({ status: 'rejected', code: 'AMENDMENT_REQUIRED' });
      expect(result!.message).toMatch(/had been submitted before this change/);
      expect((await server(id)).fields['context.caseId']).toBe(SUBMITTABLE['context.caseId']);
    });

    test('an edit that does not amend is refused even from a tablet that saw the submission (an old or altered app)', async () => {
      const id = await draftOnA();
      await setStatus(b, id, 'submitted');
      await b.pull();
      expect(await b.edit(id, { 'summary.strengths': 'Quietly changed.' })).toEqual([
        refused('AMENDMENT_REQUIRED'),
      ]);
      expect((await server(id)).fields['summary.strengths']).toBe(ORIGINAL);
    });

    test('the observer’s own edits made before submitting on the same tablet arrive with the submission and are applied', async () => {
      const id = await draftOnA();
      // Offline on A: an edit, then the submission; sent in one push, then in two.
      const results = await a.push(
        put(
          id,
          a.version(id),
          { 'summary.strengths': 'Edited before submitting.' },
          { 'summary.strengths': ORIGINAL },
        ),
        put(id, a.version(id), { status: 'submitted' }),
      );
      expect(results.map((r) => r.status)).toEqual(['applied', 'applied']);
      const after = await server(id);
      expect(after.fields).toMatchObject({
        status: 'submitted',
        'summary.strengths': 'Edited before submitting.',
        submittedAt: expect.any(String),
      });

      const second = await draftOnA();
      const v = a.version(second);
      expect(
        await a.push(put(second, v, { 'summary.areasForDevelopment': 'First push.' })),
      ).toEqual([applied]);
      expect(
        await a.push(
          put(second, v, { 'summary.overallReasons': 'Second push, before the submission.' }),
          put(second, v, { status: 'submitted' }),
        ),
      ).toEqual([applied, applied]);
      expect((await server(second)).fields).toMatchObject({
        status: 'submitted',
        'summary.areasForDevelopment': 'First push.',
        'summary.overallReasons': 'Second push, before the submission.',
      });
    });

    test('two tablets edit the draft and one submits: edits that arrive first are merged as ever; the other’s late one is refused', async () => {
      const id = await draftOnA({ 'summary.areasForDevelopment': 'Shared words.' });
      const v = a.version(id);
      // Both offline on the same draft: different fields, and the same note's different words.
      expect(await a.edit(id, { 'summary.overallReasons': 'From A.' })).toEqual([applied]);
      expect(
        await b.push(
          put(
            id,
            v,
            { 'summary.areasForDevelopment': 'Shared words, and B’s.' },
            { 'summary.areasForDevelopment': 'Shared words.' },
          ),
        ),
      ).toEqual([applied]);
      // B submits (without having pulled A's edit), then A sends another edit it made offline.
      expect(await b.push(put(id, v, { status: 'submitted' }))).toEqual([applied]);
      const [late] = await a.push(
        put(
          id,
          v,
          { 'summary.areasForDevelopment': 'A’s late words.' },
          { 'summary.areasForDevelopment': 'Shared words.' },
        ),
      );
      expect(late).toMatchObject({ status: 'rejected', code: 'AMENDMENT_REQUIRED' });
      expect((await server(id)).fields).toMatchObject({
        status: 'submitted',
        'summary.overallReasons': 'From A.',
        'summary.areasForDevelopment': 'Shared words, and B’s.',
      });
      expect(await setAside(id)).toEqual({ conflicts: 0, superseded: 0 });
    });

    test('a returned observation is edited freely and submitted again; an edit made before the return arriving after the resubmission is refused', async () => {
      const id = await draftOnA({ 'responses.participation.evidence': 'Some evidence.' });
      await setStatus(a, id, 'submitted');
      const submittedAt = (await server(id)).fields['submittedAt'];
      await setStatus(qa, id, 'moderated');
      await setStatus(qa, id, 'returned');
      await a.pull();
      const returnedVersion = a.version(id);
      expect(await a.edit(id, { 'summary.strengths': 'More evidence, as asked.' })).toEqual([
        applied,
      ]);
      await setStatus(a, id, 'submitted');
      // B, which last had the returned version, sends an edit after A has submitted it again.
      const [late] = await b.push(
        put(id, returnedVersion, {
          'summary.overallReasons': 'B’s words on the returned version.',
        }),
      );
      expect(late).toMatchObject({ status: 'rejected', code: 'AMENDMENT_REQUIRED' });
      const after = await server(id);
      expect(after.fields).toMatchObject({
        status: 'submitted',
        'summary.strengths': 'More evidence, as asked.',
        // The first submission's stamp stays.
        submittedAt,
      });
      expect(after.fields['summary.overallReasons']).toBeUndefined();
    });

    test('amending: the edits name the amendment, then its row records them; submitted and moderated alike', async () => {
      for (const status of ['submitted', 'moderated'] as const) {
        const id = await draftOnA();
        await setStatus(a, id, 'submitted');
        if (status === 'moderated') await setStatus(qa, id, 'moderated');
        await a.pull();
        const amendmentId = newId();
        const changed = `Amended while ${status}.`;
        expect(await a.edit(id, { 'summary.strengths': changed }, { amendmentId })).toEqual([
          applied,
        ]);
        expect(
          await a.push({
            recordId: amendmentId,
            type: 'amendment',
            op: 'put',
            parentId: id,
            baseVersion: 0,
            set: {
              observationId: id,
              at: new Date().toISOString(),
              by: observer.id,
              reason: 'The family rang back.',
              'changes.0.path': 'summary.strengths',
              'changes.0.before': ORIGINAL,
              'changes.0.after': changed,
            },
          }),
        ).toEqual([applied]);
        const after = await server(id);
        expect(after.fields).toMatchObject({ status, 'summary.strengths': changed });
        expect(qa.records.get(amendmentId)?.fields['reason']).toBe('The family rang back.');
      }
    });

    test('cancelling an amendment: its child rows are put back by edits naming it (an action it added removed, a call attempt it removed brought back with its fields, sent as by a tablet that let go of the row); the same restore naming none is refused', async () => {
      const id = await draftOnA();
      const call = newId();
      const at = new Date().toISOString();
      expect(
        await a.push({
          recordId: call,
          type: 'call-attempt',
          op: 'put',
          parentId: id,
          baseVersion: 0,
          set: {
            observationId: id,
            at,
            outcome: 'no-answer',
            note: 'Rang twice.',
            createdBy: observer.id,
          },
        }),
      ).toEqual([applied]);
      await setStatus(a, id, 'submitted');
      await a.pull();
      const amending = { amendmentId: newId() };
      const action = newId();
      // The amendment: an action added, the call attempt's note changed, then it is removed.
      expect(
        await a.push(
          {
            recordId: action,
            type: 'action',
            op: 'put',
            parentId: id,
            baseVersion: 0,
            set: { observationId: id, what: 'Added by mistake', status: 'open', createdAt: at },
            ...amending,
          },
          {
            recordId: call,
            type: 'call-attempt',
            op: 'put',
            baseVersion: a.version(call),
            set: { note: 'Rang three times.' },
            ...amending,
          },
          {
            recordId: call,
            type: 'call-attempt',
            op: 'delete',
            baseVersion: a.version(call),
            set: {},
            ...amending,
          },
        ),
      ).toEqual([applied, applied, applied]);
      // Put back without naming the amendment: the restore writes content, and is refused.
      const stray = await a.push({
        recordId: call,
        type: 'call-attempt',
        op: 'restore',
        baseVersion: 0,
        set: { at, outcome: 'no-answer', note: 'Rang twice.' },
      });
      expect(stray).toEqual([refused('AMENDMENT_REQUIRED')]);
      // The cancel's edits, naming it.
      expect(
        await a.push(
          { recordId: action, type: 'action', op: 'delete', baseVersion: 0, set: {}, ...amending },
          {
            recordId: call,
            type: 'call-attempt',
            op: 'restore',
            baseVersion: 0,
            set: { at, outcome: 'no-answer', note: 'Rang twice.' },
            ...amending,
          },
        ),
      ).toEqual([applied, applied]);
      await server(id);
      expect(qa.records.get(action)).toMatchObject({ deleted: true });
      expect(qa.records.get(call)).toMatchObject({
        deleted: false,
        conflicts: [],
        fields: { at, outcome: 'no-answer', note: 'Rang twice.' },
      });
      expect((await server(id)).fields['status']).toBe('submitted');
    });

    test('a closed observation is not changed, not even by an amendment, and its amendment row is refused', async () => {
      const id = await draftOnA();
      await setStatus(a, id, 'submitted');
      await setStatus(qa, id, 'moderated');
      await setStatus(qa, id, 'closed');
      await a.pull();
      const amendmentId = newId();
      const [edit] = await a.edit(id, { 'summary.strengths': 'Too late.' }, { amendmentId });
      expect(edit).toMatchObject({ status: 'rejected', code: 'OBSERVATION_CLOSED' });
      expect(edit!.message).toMatch(/closed/);
      const [row] = await a.push({
        recordId: amendmentId,
        type: 'amendment',
        op: 'put',
        parentId: id,
        baseVersion: 0,
        set: {
          observationId: id,
          at: new Date().toISOString(),
          by: observer.id,
          reason: 'Too late.',
          'changes.0.path': 'summary.strengths',
          'changes.0.before': ORIGINAL,
          'changes.0.after': 'Too late.',
        },
      });
      expect(row).toMatchObject({ status: 'rejected', code: 'OBSERVATION_CLOSED' });
      expect((await server(id)).fields).toMatchObject({
        status: 'closed',
        'summary.strengths': ORIGINAL,
      });
    });

    test('its handling still changes after submission: sharing with the practitioner and their response, moderated and closed', async () => {
      const id = await draftOnA();
      await setStatus(a, id, 'submitted');
      await setStatus(qa, id, 'moderated');
      await a.pull();
      expect(
        await a.edit(id, {
          'context.observedUserId': practitionerId,
          sharedWithPractitioner: true,
        }),
      ).toEqual([applied]);
      await practitioner.pull();
      expect(await practitioner.edit(id, { practitionerResponse: 'I would do it again.' })).toEqual(
        [applied],
      );
      await setStatus(qa, id, 'closed');
      await practitioner.pull();
      expect(await practitioner.edit(id, { practitionerResponse: 'And I did.' })).toEqual([
        applied,
      ]);
      await a.pull();
      expect(await a.edit(id, { sharedWithPractitioner: false })).toEqual([applied]);
      // Whom it was about is content: changed without sharing, it needs an amendment.
      const other = await draftOnA();
      await setStatus(a, other, 'submitted');
      await a.pull();
      expect(await a.edit(other, { 'context.observedUserId': practitionerId })).toEqual([
        refused('AMENDMENT_REQUIRED'),
      ]);
    });

    test('the practitioner writes only their own response; the reflection the observer recorded stays the observer’s', async () => {
      const id = await draftOnA({ 'summary.reflection': 'They said the visit felt rushed.' });
      // The observer cannot write the practitioner's response, on a draft or once submitted.
      expect(await a.edit(id, { practitionerResponse: 'Put in their mouth.' })).toEqual([
        refused('FORBIDDEN_FIELD'),
      ]);
      await setStatus(a, id, 'submitted');
      await a.pull();
      expect(
        await a.edit(id, {
          'context.observedUserId': practitionerId,
          sharedWithPractitioner: true,
        }),
      ).toEqual([applied]);
      await practitioner.pull();
      // The practitioner may not overwrite what the observer recorded of their reflection...
      expect(await practitioner.edit(id, { 'summary.reflection': 'My own words.' })).toEqual([
        refused('FORBIDDEN_FIELD'),
      ]);
      // ...and writes their response beside it.
      expect(await practitioner.edit(id, { practitionerResponse: 'It did feel rushed.' })).toEqual([
        applied,
      ]);
      await a.pull();
      expect(await a.edit(id, { practitionerResponse: 'Changed by the observer.' })).toEqual([
        refused('FORBIDDEN_FIELD'),
      ]);
      // The QA lead neither.
      await qa.pull();
      expect(await qa.edit(id, { practitionerResponse: 'Changed by the lead.' })).toEqual([
        refused('FORBIDDEN_FIELD'),
      ]);
      // The observer's reflection is their content: after submission only by amendment.
      expect(await a.edit(id, { 'summary.reflection': 'Changed quietly.' })).toEqual([
        refused('AMENDMENT_REQUIRED'),
      ]);
      expect((await server(id)).fields).toMatchObject({
        'summary.reflection': 'They said the visit felt rushed.',
        practitionerResponse: 'It did feel rushed.',
      });
      // A new observation never starts with a response in it.
      expect(
        await a.push({
          recordId: newId(),
          type: 'observation',
          op: 'put',
          scopeId: group,
          baseVersion: 0,
          set: { ...FRONTLINE, status: 'draft', practitionerResponse: 'Made up.' },
        }),
      ).toEqual([refused('FORBIDDEN_FIELD')]);
    });

    test('the QA lead moderates as before, is still refused the observer’s words, and the server’s own fields stay its own', async () => {
      const id = await draftOnA();
      await setStatus(a, id, 'submitted');
      await qa.pull();
      expect(
        await qa.push({
          recordId: newId(),
          type: 'review-comment',
          op: 'put',
          parentId: id,
          baseVersion: 0,
          set: { agrees: false, reason: 'More evidence on participation, please.' },
        }),
      ).toEqual([applied]);
      expect(await qa.edit(id, { 'summary.strengths': 'The QA lead’s words.' })).toEqual([
        refused('FORBIDDEN_FIELD'),
      ]);
      await setStatus(qa, id, 'moderated');
      await setStatus(qa, id, 'returned');
      await setStatus(a, id, 'submitted');
      await setStatus(qa, id, 'moderated');
      await setStatus(qa, id, 'closed');
      await a.pull();
      expect(await a.edit(id, { submittedAt: '2026-01-01T00:00:00.000Z' })).toEqual([
        refused('SERVER_OWNED_FIELD'),
      ]);
      expect(await a.edit(id, { 'server.note': 'x' })).toEqual([refused('SERVER_OWNED_FIELD')]);
      expect((await server(id)).fields['status']).toBe('closed');
    });
  });
}
