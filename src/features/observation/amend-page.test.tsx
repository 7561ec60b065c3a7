import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import axe from 'axe-core';
import { LocationProvider, Route, Router } from 'preact-iso';
import { afterEach, describe, expect, test } from 'vitest';
import {
  applyPullPage,
  getRecord,
  listChildren,
  localOnlyWork,
  readSealed,
  saveFields,
  writeScratch,
} from '../../db';
import type { FieldValue } from '../../../schemas/entities/field-value';
import { frontlinePracticeV1 } from '../../../schemas/templates/frontline-practice';
import { outboxMutations, pullPage, serverRecord } from '../../../tests/helpers/db-fixtures';
import { completeFields } from '../../../tests/helpers/submittable';
import { servicesFixture } from '../../../tests/helpers/services-fixture';
import type { ServicesFixture } from '../../../tests/helpers/services-fixture';
import { AmendPage } from './amend-page';
import { endAmendSession, startAmendSession } from './amend-session';
import { CheckPage } from './check-page';
import { OverviewPage } from './overview-page';
import { changedWords } from '../../ui/amendment-changes';

const ID = 'obs-amend-0001';
const DRAFT = `scratch:form:amend-reason:${ID}` as const;

let fx: ServicesFixture | undefined;
afterEach(async () => {
  // Screens first, so none reads the store after it is closed.
  cleanup();
  if (fx) await endAmendSession(fx.store, ID);
  await fx?.store.close();
  fx = undefined;
});

/** A frontline practice observation with every answer given, as it was submitted. */
async function submitted(status = 'submitted') {
  fx = await servicesFixture();
  await saveFields(fx.store.db, fx.store.cipher, {
    recordId: ID,
    type: 'observation',
    scopeId: 'scope-practice-group-a',
    changes: {
      ...completeFields(frontlinePracticeV1),
      status,
      'summary.strengths': 'As submitted.',
    },
  });
  return fx;
}

/** A change saved by one of the observation's pages while the person amends it. */
const change = (f: ServicesFixture, changes: Record<string, FieldValue>) =>
  saveFields(f.store.db, f.store.cipher, { recordId: ID, type: 'observation', changes });

/** The error summary's links, as the person reads them: each problem's words and where it goes. */
const summaryLinks = async () => {
  const summary = await screen.findByRole('alert');
  return within(summary)
    .getAllByRole('link')
    .map((a) => [a.textContent, a.getAttribute('href')]);
};

const show = (f: ServicesFixture) =>
  render(
    <f.Wrapper>
      <LocationProvider>
        <AmendPage id={ID} />
      </LocationProvider>
    </f.Wrapper>,
  );

const reasonBox = () =>
  screen.findByLabelText('Reason for the amendment') as Promise<HTMLTextAreaElement>;

describe('the reason for an amendment', () => {
  test('is kept through the idle lock, and the draft goes once the amendment starts', async () => {
    const f = await submitted();
    const first = show(f);
    fireEvent.input(await reasonBox(), { target: { value: 'The case ID was mistyped' } });
    await waitFor(async () =>
      expect(await readSealed(f.store.db, f.store.cipher, DRAFT)).toBe('The case ID was mistyped'),
    );
    // The idle lock closes every screen; the page opens again after the unlock.
    first.unmount();
    show(f);
    await waitFor(async () => expect((await reasonBox()).value).toBe('The case ID was mistyped'));
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    await screen.findByRole('heading', { name: 'Amending this observation' });
    expect(screen.getByText('Your reason: The case ID was mistyped')).toBeTruthy();
    await waitFor(async () =>
      expect(await readSealed(f.store.db, f.store.cipher, DRAFT)).toBeUndefined(),
    );
    // Only the amendment under way counts as unfinished, not its reason a second time.
    expect((await localOnlyWork(f.store.db, f.store.cipher)).unfinished).toBe(1);
  });

  test('opened and left, or typed and rubbed out, leaves nothing to count at sign-out', async () => {
    const f = await submitted();
    show(f);
    const box = await reasonBox();
    await new Promise((r) => setTimeout(r, 50));
    expect(await readSealed(f.store.db, f.store.cipher, DRAFT)).toBeUndefined();
    fireEvent.input(box, { target: { value: 'A' } });
    await waitFor(async () =>
      expect(await readSealed(f.store.db, f.store.cipher, DRAFT)).toBe('A'),
    );
    fireEvent.input(box, { target: { value: '' } });
    await waitFor(async () =>
      expect(await readSealed(f.store.db, f.store.cipher, DRAFT)).toBeUndefined(),
    );
    expect((await localOnlyWork(f.store.db, f.store.cipher)).unfinished).toBe(0);
  });
});

/** The observation's pages at their addresses, as the app shell draws them, in its main landmark. */
const routed = (f: ServicesFixture, at: string) => {
  history.replaceState(null, '', at);
  return render(
    <f.Wrapper>
      <LocationProvider>
        <main id="main-content" tabIndex={-1}>
          <Router>
            <Route path="/observations/:id" component={OverviewPage} />
            <Route path="/observations/:id/amend" component={AmendPage} />
          </Router>
        </main>
      </LocationProvider>
    </f.Wrapper>,
  );
};

const focusIsAtStart = () => waitFor(() => expect(document.activeElement?.id).toBe('main-content'));

const noAxeFindings = async () => {
  const result = await axe.run(document.body, { rules: { 'color-contrast': { enabled: false } } });
  expect(result.violations.map((v) => v.id)).toEqual([]);
};

describe('moving through an amendment', () => {
  afterEach(() => history.replaceState(null, '', '/'));

  test('Continue and Finish amending put the keyboard at the start of the main content, Back leaves the task list, and finishing says the amendment was recorded', async () => {
    const f = await submitted();
    const first = routed(f, `/observations/${ID}/amend`);
    fireEvent.input(await reasonBox(), { target: { value: 'The family rang back' } });
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    await screen.findByRole('heading', { name: 'Amending this observation' });
    await focusIsAtStart();
    // Back goes where the observation's own Back goes, not to the task list it is showing.
    expect(screen.getByRole('link', { name: 'Back' }).getAttribute('href')).toBe('/');
    await noAxeFindings();
    first.unmount();

    // Changed on a section's page, then finished from the task list at the observation's address.
    await change(f, { 'summary.strengths': 'As submitted, and more.' });
    routed(f, `/observations/${ID}`);
    fireEvent.click(await screen.findByRole('button', { name: 'Finish amending' }));
    const banner = await screen.findByRole('alert');
    expect(within(banner).getByRole('heading').textContent).toBe('Amendment recorded');
    await focusIsAtStart();
    expect(location.search).toBe('?amendment=recorded');
    await screen.findByText('History of amendments');
    await noAxeFindings();
  });

  test('finished with nothing changed, it says no amendment was added', async () => {
    const f = await submitted();
    await startAmendSession(f.store, ID, {
      id: 'amendment-0000-0009',
      reason: 'Opened to check a date',
      before: (await getRecord(f.store.db, f.store.cipher, ID))!.fields,
      startedAt: '2026-05-02T09:00:00.000Z',
    });
    routed(f, `/observations/${ID}`);
    fireEvent.click(await screen.findByRole('button', { name: 'Finish amending' }));
    const banner = await screen.findByRole('alert');
    expect(banner.textContent).toContain('no amendment has been added');
    await focusIsAtStart();
    expect(screen.queryByText('History of amendments')).toBeNull();
  });
});

describe('finishing an amendment', () => {
  test('is refused while a value typed into it is held back, and the summary links to it', async () => {
    const f = await submitted();
    await startAmendSession(f.store, ID, {
      id: 'amendment-0000-0002',
      reason: 'The strengths were cut short',
      before: (await getRecord(f.store.db, f.store.cipher, ID))!.fields,
      startedAt: '2026-05-02T09:00:00.000Z',
    });
    // One change saved, and then the strengths typed past the limit: kept, not in the record.
    await saveFields(f.store.db, f.store.cipher, {
      recordId: ID,
      type: 'observation',
      changes: { 'summary.areasForDevelopment': 'Recording the child’s own words' },
    });
    await writeScratch(f.store.db, f.store.cipher, ID, 'summary.strengths', 'a'.repeat(10_003));
    show(f);
    fireEvent.click(await screen.findByRole('button', { name: 'Finish amending' }));
    const link = await screen.findByRole('link', {
      name: 'Strengths: you have 3 characters too many',
    });
    expect(link.getAttribute('href')).toBe(
      `/observations/${ID}/summary/strengths?check=1#f-summary--strengths`,
    );
    await new Promise((r) => setTimeout(r, 50));
    // Nothing recorded as the amendment, and it is still under way.
    const children = await listChildren(f.store.db, f.store.cipher, ID);
    expect(children.filter((c) => c.type === 'amendment')).toEqual([]);
    expect(await readSealed(f.store.db, f.store.cipher, `scratch:amend:${ID}`)).toBeDefined();
    expect(screen.getByRole('heading', { name: 'Amending this observation' })).toBeTruthy();
  });

  test('is refused while the observation as amended is not complete, in the check page’s words and links; the amendment stays open, and finishes once fixed', async () => {
    const f = await submitted();
    await startAmendSession(f.store, ID, {
      id: 'amendment-0000-0003',
      reason: 'The judgement was recorded against the wrong visit',
      before: (await getRecord(f.store.db, f.store.cipher, ID))!.fields,
      startedAt: '2026-05-02T09:00:00.000Z',
    });
    // Cleared while amending (saved, as a page saves them): the overall judgement and the strengths.
    await change(f, { 'summary.overallGrade': null, 'summary.strengths': null });
    const amending = show(f);
    fireEvent.click(await screen.findByRole('button', { name: 'Finish amending' }));
    const refusedWith = await summaryLinks();
    expect(refusedWith).toEqual([
      [
        'Enter the strengths you found',
        `/observations/${ID}/summary/strengths?check=1#f-summary--strengths`,
      ],
      [
        'Select an overall judgement',
        `/observations/${ID}/summary/overall-judgement?check=1#f-summary--overallGrade`,
      ],
    ]);
    expect(document.title).toMatch(/^Error: Amending this observation/);
    // Nothing recorded as the amendment; it is still under way, with what was saved in it.
    await new Promise((r) => setTimeout(r, 50));
    const rows = async () =>
      (await listChildren(f.store.db, f.store.cipher, ID)).filter((c) => c.type === 'amendment');
    expect(await rows()).toEqual([]);
    expect(await readSealed(f.store.db, f.store.cipher, `scratch:amend:${ID}`)).toBeDefined();
    expect(screen.getByRole('heading', { name: 'Amending this observation' })).toBeTruthy();
    amending.unmount();

    // "Check your answers" says the same, word for word and link for link (its links also say
    // they come from it, so the page they open goes back there).
    render(
      <f.Wrapper>
        <LocationProvider>
          <CheckPage id={ID} />
        </LocationProvider>
      </f.Wrapper>,
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Submit' }));
    expect(await summaryLinks()).toEqual(
      refusedWith.map(([text, href]) => [text, href!.replace('?check=1', '?check=1&from=check')]),
    );
    cleanup();

    // Put right, it finishes: one amendment row with every change, and the session ends.
    await change(f, { 'summary.overallGrade': 'good', 'summary.strengths': 'Rewritten.' });
    show(f);
    fireEvent.click(await screen.findByRole('button', { name: 'Finish amending' }));
    await waitFor(async () => expect(await rows()).toHaveLength(1));
    const [row] = await rows();
    expect(row!.id).toBe('amendment-0000-0003');
    expect(row!.fields).toMatchObject({
      reason: 'The judgement was recorded against the wrong visit',
      'changes.0.path': 'summary.strengths',
      'changes.0.before': 'As submitted.',
      'changes.0.after': 'Rewritten.',
    });
    await waitFor(async () =>
      expect(await readSealed(f.store.db, f.store.cipher, `scratch:amend:${ID}`)).toBeUndefined(),
    );
    // The edits made while amending, the incomplete ones included, named it.
    const named = (await outboxMutations(f.store)).filter((m) => m.recordId === ID).slice(1);
    expect(named.map((m) => m.amendmentId)).toEqual(['amendment-0000-0003', 'amendment-0000-0003']);
  });

  test('records it under the id every edit made while amending named, once however often pressed', async () => {
    const f = await submitted();
    const first = show(f);
    fireEvent.input(await reasonBox(), { target: { value: 'The family rang back' } });
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    await screen.findByRole('heading', { name: 'Amending this observation' });
    first.unmount();
    // What a page of the observation saves while the person amends it; then back to the list.
    await saveFields(f.store.db, f.store.cipher, {
      recordId: ID,
      type: 'observation',
      changes: { 'summary.strengths': 'As submitted, and more.' },
    });
    show(f);
    await screen.findByRole('heading', { name: 'Amending this observation' });
    const finish = screen.getByRole('button', { name: 'Finish amending' });
    fireEvent.click(finish);
    fireEvent.click(finish);
    await waitFor(async () =>
      expect((await outboxMutations(f.store)).map((m) => m.type)).toContain('amendment'),
    );
    const sent = await outboxMutations(f.store);
    const edit = sent.find((m) => m.set['summary.strengths'] === 'As submitted, and more.')!;
    const rows = sent.filter((m) => m.type === 'amendment');
    expect(edit.amendmentId).toEqual(expect.any(String));
    expect(rows.map((m) => m.recordId)).toEqual([edit.amendmentId]);
    expect(rows[0]!.set).toMatchObject({
      reason: 'The family rang back',
      'changes.0.path': 'summary.strengths',
      'changes.0.before': 'As submitted.',
      'changes.0.after': 'As submitted, and more.',
    });
    await waitFor(async () =>
      expect(await readSealed(f.store.db, f.store.cipher, `scratch:amend:${ID}`)).toBeUndefined(),
    );
  });

  test('closed while amending: it says so and the amendment can only be stopped', async () => {
    const f = await submitted('closed');
    await startAmendSession(f.store, ID, {
      id: 'amendment-0000-0001',
      reason: 'Begun before it was closed',
      before: {},
      startedAt: '2026-05-01T09:00:00.000Z',
    });
    show(f);
    await screen.findByRole('heading', { name: 'This observation has been closed' });
    expect(screen.queryByRole('button', { name: 'Finish amending' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Stop amending' }));
    await waitFor(async () =>
      expect(await readSealed(f.store.db, f.store.cipher, `scratch:amend:${ID}`)).toBeUndefined(),
    );
    expect((await outboxMutations(f.store)).filter((m) => m.type === 'amendment')).toEqual([]);
  });

  test('returned while amending: it says so, shows the reason, and stops without an amendment the server would refuse', async () => {
    const f = await submitted('returned');
    await startAmendSession(f.store, ID, {
      id: 'amendment-0000-0002',
      reason: 'Begun before it was returned',
      before: { 'summary.strengths': 'As submitted.' },
      startedAt: '2026-05-01T09:00:00.000Z',
    });
    await saveFields(f.store.db, f.store.cipher, {
      recordId: ID,
      type: 'observation',
      changes: { 'summary.strengths': 'Changed while amending.' },
    });
    show(f);
    await screen.findByRole('heading', { name: 'This observation was returned to you' });
    expect(screen.getByText(/Begun before it was returned/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Finish amending' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Stop amending' }));
    await waitFor(async () =>
      expect(await readSealed(f.store.db, f.store.cipher, `scratch:amend:${ID}`)).toBeUndefined(),
    );
    expect((await outboxMutations(f.store)).filter((m) => m.type === 'amendment')).toEqual([]);
    expect((await getRecord(f.store.db, f.store.cipher, ID))?.fields['summary.strengths']).toBe(
      'Changed while amending.',
    );
  });

  test('returned while amending and the amend page never opened again: later edits name no amendment, and the task list says it stopped, with the reason, until it is stopped', async () => {
    fx = await servicesFixture();
    const f = fx;
    // As the server sent it: submitted, then returned by the QA lead while it was being amended.
    const fromServer = async (version: number, status: string) =>
      applyPullPage(
        f.store.db,
        f.store.cipher,
        pullPage({
          records: [
            serverRecord({
              id: ID,
              version,
              fields: { ...completeFields(frontlinePracticeV1), status },
            }),
          ],
        }),
      );
    await fromServer(3, 'submitted');
    await startAmendSession(f.store, ID, {
      id: 'amendment-0000-0004',
      reason: 'The family rang back',
      before: (await getRecord(f.store.db, f.store.cipher, ID))!.fields,
      startedAt: '2026-05-01T09:00:00.000Z',
    });
    await change(f, { 'summary.strengths': 'While amending.' });
    await fromServer(4, 'returned');
    await change(f, { 'summary.strengths': 'After it was returned.' });
    const named = (await outboxMutations(f.store)).map((m) => m.amendmentId);
    expect(named).toEqual(['amendment-0000-0004', undefined]);

    render(
      <f.Wrapper>
        <LocationProvider>
          <OverviewPage id={ID} />
        </LocationProvider>
      </f.Wrapper>,
    );
    const banner = await screen.findByRole('region', { name: 'Your amendment has stopped' });
    within(banner).getByText('This observation was returned to you while you were amending it');
    within(banner).getByText('Your reason for amending it was: The family rang back');
    // The task list goes on as a returned observation's, with nothing about finishing.
    expect(screen.queryByRole('button', { name: 'Finish amending' })).toBeNull();
    screen.getByRole('button', { name: 'Check your answers' });
    fireEvent.click(within(banner).getByRole('button', { name: 'Stop amending' }));
    await waitFor(() =>
      expect(screen.queryByRole('region', { name: 'Your amendment has stopped' })).toBeNull(),
    );
    expect(await readSealed(f.store.db, f.store.cipher, `scratch:amend:${ID}`)).toBeUndefined();
    expect((await outboxMutations(f.store)).filter((m) => m.type === 'amendment')).toEqual([]);
  });
});

describe('an amendment of the improvement actions alone', () => {
  test('is recorded: its row lists the action added and the one reworded, with before and after, and the history says so', async () => {
    const f = await submitted();
    await saveFields(f.store.db, f.store.cipher, {
      recordId: 'action-amend-0001',
      type: 'action',
      parentId: ID,
      changes: { what: 'Visit weekly', ownerName: 'Sam', dueDate: '2026-06-01' },
    });
    const first = show(f);
    fireEvent.input(await reasonBox(), { target: { value: 'The plan was missing a step' } });
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    await screen.findByRole('heading', { name: 'Amending this observation' });
    first.unmount();
    // What the actions page saves meanwhile; the observation's own fields are not touched.
    await saveFields(f.store.db, f.store.cipher, {
      recordId: 'action-amend-0001',
      type: 'action',
      changes: { what: 'Visit twice a week', status: 'in-progress' },
    });
    await saveFields(f.store.db, f.store.cipher, {
      recordId: 'action-amend-0002',
      type: 'action',
      parentId: ID,
      changes: { what: 'Share the plan', ownerName: 'Sam', dueDate: '2026-06-01' },
    });
    show(f);
    fireEvent.click(await screen.findByRole('button', { name: 'Finish amending' }));
    const rows = async () =>
      (await listChildren(f.store.db, f.store.cipher, ID)).filter((c) => c.type === 'amendment');
    await waitFor(async () => expect(await rows()).toHaveLength(1));
    const [row] = await rows();
    // As sent: a null before is a value of the row (the action was not there), which the tablet's
    // copy of the row leaves out.
    const sent = (await outboxMutations(f.store)).find((m) => m.type === 'amendment')!;
    expect(sent.set).toEqual({
      observationId: ID,
      at: expect.any(String),
      by: expect.any(String),
      reason: 'The plan was missing a step',
      'childChanges.0.recordType': 'action',
      'childChanges.0.recordId': 'action-amend-0001',
      'childChanges.0.path': 'what',
      'childChanges.0.before': 'Visit weekly',
      'childChanges.0.after': 'Visit twice a week',
      'childChanges.1.recordType': 'action',
      'childChanges.1.recordId': 'action-amend-0002',
      'childChanges.1.path': 'what',
      'childChanges.1.before': null,
      'childChanges.1.after': 'Share the plan',
    });
    expect(changedWords(row!.fields)).toBe('2 improvement actions changed');
    expect(
      changedWords({ 'changes.0.path': 'summary.strengths', 'changes.1.path': 'context.setting' }),
    ).toBe('2 fields changed');
  });
});
