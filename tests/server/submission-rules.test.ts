// The server holds a push to the rules the tablet's screens hold a person to, so an old or altered
// app cannot go round them, on every engine:
//
// 1. An observation moves to submitted only when it is complete, by the shared completeness rules
//    (schemas/rules/submission.ts), judged on the observation and its child rows as the push leaves
//    them: what earlier changes of the same push wrote or added counts; deleted rows do not.
// 2. After submission its child rows follow the after-submission rule where they are content (a
//    call attempt; an improvement action's words, and adding or removing one); an action's
//    tracking (status, owner, due date) stays open to the QA lead and the observer, closed
//    included; an amendment row is added only to a submitted or moderated observation.
// 3. A change naming an amendment (`amendmentId`) names one of its own observation that is still
//    being made: not another record, another observation's amendment, or one already recorded.
//    On an observation returned for more evidence, one naming an amendment never written is an
//    ordinary edit (the tablet's amendment stopped when it was returned; its row is refused).
// 4. An amendment row (which finishes the amendment) is recorded only when the observation as
//    amended is still complete by the rules its submission was held to; the edits before it are
//    not judged, so an answer may be cleared and typed again while amending.
//
// Every refusal is a permanent result with a stable code, stored like the others.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Mutation, MutationResult } from '../../schemas/sync/push';
import type { FieldValue, SyncRecord } from '../../schemas/sync/records';
import { buildTestApp } from '../helpers/build-app';
import type { TestApp } from '../helpers/build-app';
import { ENGINES } from '../helpers/engines';
import { FRONTLINE, InjectDevice } from '../helpers/inject-sync';
import { createAccount, signIn, useQuickPasswordHashing } from '../helpers/accounts';
import { addScope, newId } from '../helpers/sync-fixtures';
import { SUBMITTABLE, completeFields } from '../helpers/submittable';
import { frontlinePracticeV1 } from '../../schemas/templates/frontline-practice';
import { lacReviewChairingV1 } from '../../schemas/templates/lac-review-chairing';
import { addDays } from '../../schemas/calendar/dates';
import { londonDateOf } from '../../schemas/calendar/london-time';

useQuickPasswordHashing();

const CALL = {
  kind: 'family-feedback-call',
  templateId: 'family-feedback-call',
  templateVersion: 1,
} as const;

type Change = Omit<Mutation, 'id' | 'at' | 'baseVersion'> & { baseVersion?: number };

class Tablet {
  readonly records = new Map<string, SyncRecord>();
  constructor(readonly device: InjectDevice) {}
  get deviceId() {
    return this.device.session.deviceId;
  }
  async pull(): Promise<void> {
    for (const r of await this.device.pull()) this.records.set(r.id, r);
  }
  async push(...changes: Change[]): Promise<MutationResult[]> {
    const mutations = changes.map((c) => ({
      baseVersion: this.records.get(c.recordId)?.version ?? 0,
      ...c,
    }));
    return (await this.device.push(...mutations)).results;
  }
}

const applied = expect.objectContaining({ status: 'applied' });
const refused = (code: string) => expect.objectContaining({ status: 'rejected', code });

for (const engine of ENGINES) {
  const t = await buildTestApp(engine);
  describe.skipIf(t === null)(`submission and amendment rules on ${engine.name}`, () => {
    let ctx: TestApp;
    let group: string;
    let observer: { email: string; password: string; id: string };
    let a: Tablet;
    let qa: Tablet;

    beforeAll(async () => {
      ctx = t!;
      const service = await addScope(ctx.storage.db, `Children ${engine.name}`, 'service');
      group = await addScope(ctx.storage.db, `Group ${engine.name}`, 'practice-group', service);
      observer = await createAccount(ctx.storage, { role: 'observer', scopeIds: [group] });
      const lead = await createAccount(ctx.storage, { role: 'qa-lead', scopeIds: [group] });
      a = new Tablet(new InjectDevice(ctx.app, await signIn(ctx.app, observer)));
      qa = new Tablet(new InjectDevice(ctx.app, await signIn(ctx.app, lead)));
    });
    afterAll(async () => ctx?.close());

    const create = (id: string, set: Record<string, FieldValue>): Change => ({
      recordId: id,
      type: 'observation',
      op: 'put',
      scopeId: group,
      set: { status: 'draft', ...set },
    });
    const edit = (id: string, set: Record<string, FieldValue>, extra: Partial<Change> = {}) =>
      ({ recordId: id, type: 'observation', op: 'put', set, ...extra }) as Change;
    const submit = (id: string) => edit(id, { status: 'submitted' });
    const child = (
      type: 'action' | 'call-attempt' | 'amendment',
      parentId: string,
      set: Record<string, FieldValue>,
      extra: Partial<Change> = {},
    ): Change => ({ recordId: newId(), type, op: 'put', parentId, set, ...extra });
    const attempt = (parentId: string, outcome: string, extra: Partial<Change> = {}) =>
      child(
        'call-attempt',
        parentId,
        { at: '2026-05-11T10:00:00.000Z', outcome, observationId: parentId },
        extra,
      );
    const amendmentRow = (parentId: string, id = newId()): Change => ({
      recordId: id,
      type: 'amendment',
      op: 'put',
      parentId,
      set: {
        observationId: parentId,
        at: new Date().toISOString(),
        by: observer.id,
        reason: 'The family rang back.',
        'changes.0.path': 'summary.strengths',
        'changes.0.before': null,
        'changes.0.after': 'Amended.',
      },
    });

    /** The record as the server holds it now, through a fresh pull of the QA lead's tablet. */
    async function server(id: string): Promise<SyncRecord | undefined> {
      await qa.pull();
      return qa.records.get(id);
    }

    async function storedResult(result: MutationResult): Promise<MutationResult> {
      const row = await ctx.storage.db
        .selectFrom('mutation_results')
        .select('result')
        .where('device_id', '=', a.deviceId)
        .where('mutation_id', '=', result.id)
        .executeTakeFirstOrThrow();
      return JSON.parse(row.result) as MutationResult;
    }

    /** A submitted frontline practice observation of tablet A's, with one action. */
    async function submittedWithAction(): Promise<{ id: string; action: string }> {
      const id = newId();
      const action = child('action', id, {
        observationId: id,
        what: 'Share the plan with the family',
        ownerName: 'Sam Practitioner',
        dueDate: '2026-07-01',
        status: 'open',
      });
      expect(
        await a.push(create(id, { ...FRONTLINE, ...SUBMITTABLE }), action, submit(id)),
      ).toEqual([applied, applied, applied]);
      await a.pull();
      return { id, action: action.recordId };
    }

    // --- 1. completeness at submission -----------------------------------------------------------

    test('an incomplete observation is not submitted: INCOMPLETE, naming what is missing, stored, and the record stays a draft', async () => {
      const id = newId();
      expect(await a.push(create(id, { ...FRONTLINE, 'summary.strengths': 'Warm.' }))).toEqual([
        applied,
      ]);
      const [result] = await a.push(submit(id));
      expect(result).toMatchObject({ status: 'rejected', code: 'INCOMPLETE' });
      // In the check page's own words, the first few and how many more.
      expect(result!.message).toMatch(/^This observation was not submitted: it is not complete\./);
      expect(result!.message).toMatch(/Enter the name of /);
      expect(result!.message).toMatch(/and \d+ more/);
      expect(result!.message).toMatch(/It is still a draft/);
      expect(await storedResult(result!)).toEqual(result);
      const after = await server(id);
      expect(after?.fields['status']).toBe('draft');
      expect(after?.fields['submittedAt']).toBeUndefined();
    });

    test('what earlier changes of the same push wrote counts: the missing answers, then the submission, in one push', async () => {
      const id = newId();
      expect(
        await a.push(
          create(id, { ...FRONTLINE, 'context.observedName': 'Sam Practitioner' }),
          edit(id, { 'context.observedRole': 'Social worker', 'context.caseId': 'CS-20931' }),
          edit(id, { 'context.date': '2026-05-11', 'context.setting': 'Family home' }),
          edit(id, { 'context.consent.given': 'no' }),
          submit(id),
        ),
      ).toEqual([applied, applied, applied, applied, applied]);
      expect((await server(id))?.fields).toMatchObject({
        status: 'submitted',
        submittedAt: expect.any(String),
      });
      // And a field the same change writes with the submission.
      const other = newId();
      const { 'context.caseId': _caseId, ...noCase } = SUBMITTABLE;
      expect(
        await a.push(
          create(other, { ...FRONTLINE, ...noCase }),
          edit(other, { 'context.caseId': 'CS-1', status: 'submitted' }),
        ),
      ).toEqual([applied, applied]);
    });

    test('a field left empty by a change that comes before the submission counts as empty', async () => {
      const id = newId();
      const [, cleared, result] = await a.push(
        create(id, { ...FRONTLINE, ...SUBMITTABLE }),
        edit(id, { 'context.caseId': null }),
        submit(id),
      );
      expect(cleared).toEqual(applied);
      expect(result).toMatchObject({ status: 'rejected', code: 'INCOMPLETE' });
      expect(result!.message).toMatch(/Enter the case ID\. It is still a draft/);
    });

    test('a date of something that happened after the server’s day and its one day of slack is refused, naming the field; a draft keeps it', async () => {
      const today = londonDateOf(new Date());
      // A tablet whose clock is a few hours ahead near midnight is already in tomorrow: taken.
      const ahead = newId();
      expect(
        await a.push(
          create(ahead, { ...FRONTLINE, ...SUBMITTABLE, 'context.date': addDays(today, 1) }),
          submit(ahead),
        ),
      ).toEqual([applied, applied]);

      const id = newId();
      const years = addDays(today, 1500);
      // A draft may hold any date.
      expect(
        await a.push(create(id, { ...FRONTLINE, ...SUBMITTABLE, 'context.date': years })),
      ).toEqual([applied]);
      const [result] = await a.push(submit(id));
      expect(result).toMatchObject({ status: 'rejected', code: 'INCOMPLETE' });
      expect(result!.message).toMatch(
        /not complete\. Date of the observation must be today or in the past\. It is still a draft/,
      );
      expect(await a.push(edit(id, { 'context.date': addDays(today, 2) }), submit(id))).toEqual([
        applied,
        refused('INCOMPLETE'),
      ]);
      expect((await server(id))?.fields['status']).toBe('draft');

      // A call attempt on a later day than that, completed.
      const call = newId();
      const later = attempt(call, 'completed');
      const [, , refusedCall] = await a.push(
        create(call, { ...CALL, ...SUBMITTABLE, 'context.date': today }),
        { ...later, set: { ...later.set, at: `${addDays(today, 2)}T12:00:00.000Z` } },
        submit(call),
      );
      expect(refusedCall).toMatchObject({ status: 'rejected', code: 'INCOMPLETE' });
      expect(refusedCall!.message).toMatch(
        /The date of each call attempt must be today or in the past/,
      );
    });

    test('a feedback conversation dated before the observation is refused at submission, naming the field; a draft keeps it', async () => {
      const id = newId();
      const before = {
        ...FRONTLINE,
        ...completeFields(frontlinePracticeV1),
        'context.date': '2026-12-01',
        'summary.feedback.held': true,
        'summary.feedback.date': '2026-11-01',
      };
      expect(await a.push(create(id, before))).toEqual([applied]);
      const [result] = await a.push(submit(id));
      expect(result).toMatchObject({ status: 'rejected', code: 'INCOMPLETE' });
      expect(result!.message).toMatch(
        /not complete\. Date of the feedback conversation must be on or after the day of the observation, 1 December 2026\. It is still a draft/,
      );
      expect(await storedResult(result!)).toEqual(result);
      expect((await server(id))?.fields['status']).toBe('draft');
      // On the day of the observation: submitted.
      expect(await a.push(edit(id, { 'summary.feedback.date': '2026-12-01' }), submit(id))).toEqual(
        [applied, applied],
      );
    });

    test('a review dated before the day the child became looked after is refused, naming that date; a draft keeps it', async () => {
      const id = newId();
      const fields = {
        ...completeFields(lacReviewChairingV1),
        kind: 'lac-review-chairing',
        templateId: lacReviewChairingV1.id,
        templateVersion: lacReviewChairingV1.version,
        'context.date': '2026-01-23',
        'responses.review-number.value': 'first',
        'responses.date-became-looked-after.value': '2026-02-01',
        'responses.first-review-date.value': null,
        'responses.previous-review-date.value': null,
      };
      expect(await a.push(create(id, fields))).toEqual([applied]);
      const [result] = await a.push(submit(id));
      expect(result).toMatchObject({ status: 'rejected', code: 'INCOMPLETE' });
      expect(result!.message).toMatch(
        /not complete\. Date the child became looked after must be on or before the date of the review\. It is still a draft/,
      );
      expect(
        await a.push(
          edit(id, { 'responses.date-became-looked-after.value': '2026-01-23' }),
          submit(id),
        ),
      ).toEqual([applied, applied]);
    });

    test('child rows count: a family feedback call needs a call attempt, added earlier in the push; a removed one does not count', async () => {
      const id = newId();
      const notReached = { ...CALL, ...SUBMITTABLE, 'context.consent.given': 'not-reached' };
      const [, refusedCall] = await a.push(create(id, notReached), submit(id));
      expect(refusedCall).toMatchObject({ status: 'rejected', code: 'INCOMPLETE' });
      expect(refusedCall!.message).toMatch(/Add at least one call attempt/);

      const first = attempt(id, 'no-answer');
      expect(
        await a.push(first, {
          recordId: first.recordId,
          type: 'call-attempt',
          op: 'delete',
          set: {},
        }),
      ).toEqual([applied, applied]);
      expect(await a.push(submit(id))).toEqual([refused('INCOMPLETE')]);

      expect(await a.push(attempt(id, 'no-answer'), submit(id))).toEqual([applied, applied]);
      expect((await server(id))?.fields['status']).toBe('submitted');
    });

    test('an action of the plan needs its owner and due date; one added in the same push without them stops the submission', async () => {
      const id = newId();
      const action = child('action', id, { observationId: id, what: 'Book the review' });
      const [, , result] = await a.push(
        create(id, { ...FRONTLINE, ...SUBMITTABLE }),
        action,
        submit(id),
      );
      expect(result).toMatchObject({ status: 'rejected', code: 'INCOMPLETE' });
      expect(result!.message).toMatch(/Enter who will do the action ‘Book the review’/);
      // Cancelled, it no longer counts.
      expect(
        await a.push(
          { recordId: action.recordId, type: 'action', op: 'put', set: { status: 'cancelled' } },
          submit(id),
        ),
      ).toEqual([applied, applied]);
    });

    test('a returned observation is submitted again only complete, and stays returned when refused', async () => {
      const { id } = await submittedWithAction();
      await qa.pull();
      expect(await qa.push(edit(id, { status: 'returned' }))).toEqual([applied]);
      await a.pull();
      const [result] = await a.push(
        edit(id, { 'context.observedRole': null, status: 'submitted' }),
      );
      expect(result).toMatchObject({ status: 'rejected', code: 'INCOMPLETE' });
      expect(result!.message).toMatch(/Enter the role of .*It is still returned for more evidence/);
      expect((await server(id))?.fields).toMatchObject({
        status: 'returned',
        'context.observedRole': 'Social worker',
      });
      expect(await a.push(submit(id))).toEqual([applied]);
    });

    // --- 2. child rows and amendment rows after submission ---------------------------------------

    test('an amendment row is added only to a submitted or moderated observation: a draft’s and a returned one’s are refused', async () => {
      const draft = newId();
      expect(await a.push(create(draft, { ...FRONTLINE }))).toEqual([applied]);
      const [onDraft] = await a.push(amendmentRow(draft));
      expect(onDraft).toMatchObject({ status: 'rejected', code: 'NOT_AMENDABLE' });
      expect(onDraft!.message).toMatch(/has not been submitted/);
      expect(await storedResult(onDraft!)).toEqual(onDraft);

      const { id } = await submittedWithAction();
      await qa.pull();
      expect(await qa.push(edit(id, { status: 'returned' }))).toEqual([applied]);
      const [onReturned] = await a.push(amendmentRow(id));
      expect(onReturned).toMatchObject({ status: 'rejected', code: 'NOT_AMENDABLE' });
      expect(onReturned!.message).toMatch(/returned to you for more evidence/);

      const moderated = (await submittedWithAction()).id;
      await qa.pull();
      expect(await qa.push(edit(moderated, { status: 'moderated' }))).toEqual([applied]);
      expect(await a.push(amendmentRow(moderated))).toEqual([applied]);
      await qa.pull();
      const parents = [...qa.records.values()]
        .filter((r) => r.type === 'amendment' && [draft, id, moderated].includes(r.parentId ?? ''))
        .map((r) => r.parentId);
      expect(parents).toEqual([moderated]);
    });

    test('call attempts are the call’s content: after submission added, changed or removed only while amending, and never once closed', async () => {
      const id = newId();
      const first = attempt(id, 'no-answer');
      expect(
        await a.push(
          create(id, { ...CALL, ...SUBMITTABLE, 'context.consent.given': 'not-reached' }),
          first,
          submit(id),
        ),
      ).toEqual([applied, applied, applied]);
      await a.pull();

      const [added] = await a.push(attempt(id, 'call-back'));
      expect(added).toMatchObject({ status: 'rejected', code: 'AMENDMENT_REQUIRED' });
      expect(added!.message).toMatch(/the call attempt was not added/);
      const noteOnly = { recordId: first.recordId, type: 'call-attempt', op: 'put' } as const;
      expect(await a.push({ ...noteOnly, set: { note: 'Rang twice.' } })).toEqual([
        refused('AMENDMENT_REQUIRED'),
      ]);
      expect(
        await a.push({ recordId: first.recordId, type: 'call-attempt', op: 'delete', set: {} }),
      ).toEqual([refused('AMENDMENT_REQUIRED')]);

      // While amending (the changes name the amendment), then its row.
      const amendmentId = newId();
      expect(
        await a.push(
          attempt(id, 'call-back', { amendmentId }),
          { ...noteOnly, set: { note: 'Rang twice.' }, amendmentId },
          amendmentRow(id, amendmentId),
        ),
      ).toEqual([applied, applied, applied]);

      await qa.pull();
      for (const status of ['moderated', 'closed'])
        expect(await qa.push(edit(id, { status }))).toEqual([applied]);
      await a.pull();
      expect(await a.push(attempt(id, 'completed', { amendmentId: newId() }))).toEqual([
        refused('OBSERVATION_CLOSED'),
      ]);
      expect(await a.push({ ...noteOnly, set: { note: 'Later.' }, amendmentId: newId() })).toEqual([
        refused('OBSERVATION_CLOSED'),
      ]);
      await qa.pull();
      const held = [...qa.records.values()].filter(
        (r) => r.type === 'call-attempt' && r.parentId === id && !r.deleted,
      );
      expect(held.map((r) => r.fields['outcome']).sort()).toEqual(['call-back', 'no-answer']);
      expect(qa.records.get(first.recordId)?.fields['note']).toBe('Rang twice.');
    });

    test('an amendment of only the actions records them as child changes: its row is accepted and finishes it; a row with no change at all is refused', async () => {
      const { id, action } = await submittedWithAction();
      const amendmentId = newId();
      const added = child(
        'action',
        id,
        { observationId: id, what: 'Share the plan' },
        { amendmentId },
      );
      const row: Change = {
        recordId: amendmentId,
        type: 'amendment',
        op: 'put',
        parentId: id,
        set: {
          observationId: id,
          at: new Date().toISOString(),
          by: observer.id,
          reason: 'The plan was missing a step.',
          'childChanges.0.recordType': 'action',
          'childChanges.0.recordId': added.recordId,
          'childChanges.0.path': 'what',
          'childChanges.0.before': null,
          'childChanges.0.after': 'Share the plan',
        },
      };
      // Judged now it is written: the action added left the plan incomplete.
      expect(await a.push(added, row)).toEqual([applied, refused('INCOMPLETE')]);
      const tracked = {
        recordId: added.recordId,
        type: 'action',
        op: 'put',
        set: { ownerName: 'Sam', dueDate: '2026-06-01' },
        amendmentId,
      } as const;
      expect(await a.push(tracked, row)).toEqual([applied, applied]);
      // Finished: an edit naming it now is not part of it.
      expect(
        await a.push({
          recordId: action,
          type: 'action',
          op: 'put',
          set: { what: 'Reworded later' },
          amendmentId,
        }),
      ).toEqual([refused('AMENDMENT_FINISHED')]);
      await qa.pull();
      expect(qa.records.get(amendmentId)?.fields).toMatchObject({
        'childChanges.0.recordId': added.recordId,
        'childChanges.0.after': 'Share the plan',
      });
      const empty = { ...row, recordId: newId(), set: { ...row.set } };
      for (const k of Object.keys(empty.set)) if (k.startsWith('childChanges')) delete empty.set[k];
      const [refusedRow] = await a.push(empty);
      expect(refusedRow).toMatchObject({ status: 'rejected' });
      expect(refusedRow!.message).toMatch(/at least one answer, action or call attempt/);
    });

    test('an improvement action’s words and the plan’s actions are content; its tracking stays open to the QA lead and the observer, closed included', async () => {
      const { id, action } = await submittedWithAction();
      const put = (set: Record<string, FieldValue>, extra: Partial<Change> = {}): Change => ({
        recordId: action,
        type: 'action',
        op: 'put',
        set,
        ...extra,
      });
      const [words] = await a.push(put({ what: 'Something else' }));
      expect(words).toMatchObject({ status: 'rejected', code: 'AMENDMENT_REQUIRED' });
      expect(words!.message).toMatch(/the improvement action’s what was not changed/);
      expect(await a.push(child('action', id, { observationId: id, what: 'A new one' }))).toEqual([
        refused('AMENDMENT_REQUIRED'),
      ]);
      expect(await a.push({ recordId: action, type: 'action', op: 'delete', set: {} })).toEqual([
        refused('AMENDMENT_REQUIRED'),
      ]);
      // The QA lead adds to the plan only through the observer's amendment.
      await qa.pull();
      expect(await qa.push(child('action', id, { observationId: id, what: 'QA’s own' }))).toEqual([
        refused('AMENDMENT_REQUIRED'),
      ]);

      // Amending, the observer changes the words and adds an action.
      const amendmentId = newId();
      expect(
        await a.push(
          put({ what: 'Share the plan with the family, in writing' }, { amendmentId }),
          child(
            'action',
            id,
            {
              observationId: id,
              what: 'Call the school',
              ownerName: 'Sam Practitioner',
              dueDate: '2026-07-15',
            },
            { amendmentId },
          ),
          amendmentRow(id, amendmentId),
        ),
      ).toEqual([applied, applied, applied]);

      // Tracking: the QA lead and the observer, submitted, moderated and closed.
      await qa.pull();
      expect(await qa.push(put({ status: 'in-progress', dueDate: '2026-08-01' }))).toEqual([
        applied,
      ]);
      for (const status of ['moderated', 'closed'])
        expect(await qa.push(edit(id, { status }))).toEqual([applied]);
      await qa.pull();
      await a.pull();
      expect(await qa.push(put({ ownerName: 'Alex Manager' }))).toEqual([applied]);
      expect(
        await a.push(put({ status: 'done', completedAt: '2026-07-20T09:00:00.000Z' })),
      ).toEqual([applied]);
      expect(
        await a.push(put({ what: 'Reworded after closing' }, { amendmentId: newId() })),
      ).toEqual([refused('OBSERVATION_CLOSED')]);
      expect((await server(action))?.fields).toMatchObject({
        what: 'Share the plan with the family, in writing',
        status: 'done',
        dueDate: '2026-08-01',
        ownerName: 'Alex Manager',
      });
    });

    test('after submission an action’s owner and due date are changed, never cleared: ACTION_OWNER_REQUIRED and ACTION_DUE_DATE_REQUIRED, stored, and the action keeps them', async () => {
      const { id, action } = await submittedWithAction();
      const put = (set: Record<string, FieldValue>): Change => ({
        recordId: action,
        type: 'action',
        op: 'put',
        set,
      });
      await qa.pull();
      for (const set of [{ ownerName: null }, { ownerName: '  ' }]) {
        const [owner] = await qa.push(put(set));
        expect(owner).toMatchObject({ status: 'rejected', code: 'ACTION_OWNER_REQUIRED' });
        expect(owner!.message).toMatch(/enter who will do it/i);
      }
      const [due] = await a.push(put({ dueDate: null }));
      expect(due).toMatchObject({ status: 'rejected', code: 'ACTION_DUE_DATE_REQUIRED' });
      expect(due!.message).toMatch(/enter the date it is due by/i);
      expect(await storedResult(due!)).toEqual(due);
      // Closed, the same.
      for (const status of ['moderated', 'closed'])
        expect(await qa.push(edit(id, { status }))).toEqual([applied]);
      await qa.pull();
      expect(await qa.push(put({ dueDate: null }))).toEqual([refused('ACTION_DUE_DATE_REQUIRED')]);
      // Changed: taken.
      expect(await qa.push(put({ ownerName: 'Alex Manager', dueDate: '2026-08-01' }))).toEqual([
        applied,
      ]);
      expect((await server(action))?.fields).toMatchObject({
        ownerName: 'Alex Manager',
        dueDate: '2026-08-01',
      });
    });

    // --- 3. what an amendmentId names ------------------------------------------------------------

    test('an amendmentId names an amendment of its own observation still being made: not another record, not another observation’s, not a finished one', async () => {
      const { id, action } = await submittedWithAction();
      const other = (await submittedWithAction()).id;
      const othersAmendment = newId();
      expect(
        await a.push(
          edit(other, { 'summary.strengths': 'Amended.' }, { amendmentId: othersAmendment }),
          amendmentRow(other, othersAmendment),
        ),
      ).toEqual([applied, applied]);

      const words = { 'summary.strengths': 'Slipped in.' };
      const [ofAnother] = await a.push(edit(id, words, { amendmentId: othersAmendment }));
      expect(ofAnother).toMatchObject({ status: 'rejected', code: 'AMENDMENT_MISMATCH' });
      expect(ofAnother!.message).toMatch(/not one of this observation/);
      expect(await storedResult(ofAnother!)).toEqual(ofAnother);
      // A record that is no amendment at all: the action, or the observation itself.
      expect(await a.push(edit(id, words, { amendmentId: action }))).toEqual([
        refused('AMENDMENT_MISMATCH'),
      ]);
      expect(await a.push(edit(id, words, { amendmentId: id }))).toEqual([
        refused('AMENDMENT_MISMATCH'),
      ]);
      // A child row's change is held to the same.
      expect(
        await a.push({
          recordId: action,
          type: 'action',
          op: 'put',
          set: { what: 'Slipped in.' },
          amendmentId: othersAmendment,
        }),
      ).toEqual([refused('AMENDMENT_MISMATCH')]);

      // Its own amendment, once recorded, is finished: a later change naming it is not part of it.
      const own = newId();
      expect(
        await a.push(
          edit(id, { 'summary.strengths': 'Amended properly.' }, { amendmentId: own }),
          amendmentRow(id, own),
        ),
      ).toEqual([applied, applied]);
      const [late] = await a.push(edit(id, words, { amendmentId: own }));
      expect(late).toMatchObject({ status: 'rejected', code: 'AMENDMENT_FINISHED' });
      expect(late!.message).toMatch(/already been finished/);
      expect((await server(id))?.fields['summary.strengths']).toBe('Amended properly.');
    });

    test('on an observation returned meanwhile, a change naming an amendment never written is an ordinary edit; that amendment’s row is refused', async () => {
      const { id, action } = await submittedWithAction();
      await qa.pull();
      expect(await qa.push(edit(id, { status: 'returned' }))).toEqual([applied]);
      // Typed while amending, before the tablet heard of the return, and sent after it.
      const amendmentId = newId();
      expect(
        await a.push(edit(id, { 'summary.strengths': 'Typed while amending.' }, { amendmentId }), {
          recordId: action,
          type: 'action',
          op: 'put',
          set: { what: 'Share the plan with the family, in writing' },
          amendmentId,
        }),
      ).toEqual([applied, applied]);
      expect(await a.push(amendmentRow(id, amendmentId))).toEqual([refused('NOT_AMENDABLE')]);
      expect((await server(id))?.fields).toMatchObject({
        status: 'returned',
        'summary.strengths': 'Typed while amending.',
      });
      expect((await server(action))?.fields['what']).toBe(
        'Share the plan with the family, in writing',
      );
      expect(qa.records.get(amendmentId)).toBeUndefined();
    });

    // --- 4. an amendment leaves the observation complete ----------------------------------------

    test('an amendment row that would leave the observation incomplete is refused INCOMPLETE, naming the first three problems, and stored; the edits before it stand; amended again and completed, it is recorded', async () => {
      const { id } = await submittedWithAction();
      const amendmentId = newId();
      const cleared = {
        'context.observedName': null,
        'context.observedRole': null,
        'context.date': null,
        'context.setting': null,
        'context.caseId': null,
      };
      // Cleared, one typed again, then the row, in one push: only the row is judged.
      const [clearing, retyped, row] = await a.push(
        edit(id, cleared, { amendmentId }),
        edit(id, { 'context.caseId': 'CS-20932' }, { amendmentId }),
        amendmentRow(id, amendmentId),
      );
      expect([clearing, retyped]).toEqual([applied, applied]);
      expect(row).toMatchObject({ status: 'rejected', code: 'INCOMPLETE' });
      expect(row!.message).toBe(
        'This amendment was not recorded: the observation as amended is not complete. ' +
          'Enter the name of the practitioner you observed; Enter the role of the practitioner you ' +
          'observed; Enter where the observation took place; and 1 more. A submitted observation must ' +
          'stay complete: open ' +
          'it, choose “Amend this observation”, complete what is missing and finish amending again. ' +
          'Your reason is kept here.',
      );
      expect(await storedResult(row!)).toEqual(row);
      expect(await server(amendmentId)).toBeUndefined();

      // Amended again, put right: recorded.
      const again = newId();
      expect(
        await a.push(
          edit(id, { ...SUBMITTABLE, 'context.caseId': 'CS-20932' }, { amendmentId: again }),
          amendmentRow(id, again),
        ),
      ).toEqual([applied, applied]);
      expect((await server(again))?.parentId).toBe(id);
      expect((await server(id))?.fields).toMatchObject({
        status: 'submitted',
        'context.caseId': 'CS-20932',
      });
    });

    test('what the amendment did to its child rows counts, and a moderated observation is held to the same: a call left with no attempt, an action left with no owner', async () => {
      const call = newId();
      const only = attempt(call, 'no-answer');
      expect(
        await a.push(
          create(call, { ...CALL, ...SUBMITTABLE, 'context.consent.given': 'not-reached' }),
          only,
          submit(call),
        ),
      ).toEqual([applied, applied, applied]);
      await qa.pull();
      expect(await qa.push(edit(call, { status: 'moderated' }))).toEqual([applied]);
      await a.pull();
      const removing = newId();
      const [removed, row] = await a.push(
        {
          recordId: only.recordId,
          type: 'call-attempt',
          op: 'delete',
          set: {},
          amendmentId: removing,
        },
        amendmentRow(call, removing),
      );
      expect(removed).toEqual(applied);
      expect(row).toMatchObject({ status: 'rejected', code: 'INCOMPLETE' });
      expect(row!.message).toMatch(/Add at least one call attempt/);

      const { id, action } = await submittedWithAction();
      const unowned = newId();
      const [, ownerless] = await a.push(
        {
          recordId: action,
          type: 'action',
          op: 'put',
          set: { ownerName: null },
          amendmentId: unowned,
        },
        amendmentRow(id, unowned),
      );
      expect(ownerless).toMatchObject({ status: 'rejected', code: 'INCOMPLETE' });
      expect(ownerless!.message).toMatch(/Enter who will do the action ‘Share the plan/);
    });
  });
}
