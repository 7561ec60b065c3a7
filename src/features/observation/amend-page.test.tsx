import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { LocationProvider } from 'preact-iso';
import { afterEach, describe, expect, test } from 'vitest';
import {
  getRecord,
  listChildren,
  localOnlyWork,
  readSealed,
  saveFields,
  writeScratch,
} from '../../db';
import { outboxMutations } from '../../../tests/helpers/db-fixtures';
import { servicesFixture } from '../../../tests/helpers/services-fixture';
import type { ServicesFixture } from '../../../tests/helpers/services-fixture';
import { AmendPage } from './amend-page';
import { endAmendSession, startAmendSession } from './amend-session';

const ID = 'obs-amend-0001';
const DRAFT = `scratch:form:amend-reason:${ID}` as const;

let fx: ServicesFixture | undefined;
afterEach(async () => {
  if (fx) await endAmendSession(fx.store, ID);
  await fx?.store.close();
  fx = undefined;
});

async function submitted(status = 'submitted') {
  fx = await servicesFixture();
  await saveFields(fx.store.db, fx.store.cipher, {
    recordId: ID,
    type: 'observation',
    scopeId: 'scope-practice-group-a',
    changes: {
      kind: 'frontline-practice',
      templateId: 'frontline-practice',
      templateVersion: 1,
      status,
      'summary.strengths': 'As submitted.',
    },
  });
  return fx;
}

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
});
