import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { LocationProvider } from 'preact-iso';
import { afterEach, describe, expect, test } from 'vitest';
import { getRecord, listChildren, readSealed, saveFields } from '../../db';
import { frontlinePracticeV1 } from '../../../schemas/templates/frontline-practice';
import { outboxMutations } from '../../../tests/helpers/db-fixtures';
import { completeFields } from '../../../tests/helpers/submittable';
import { servicesFixture } from '../../../tests/helpers/services-fixture';
import type { ServicesFixture } from '../../../tests/helpers/services-fixture';
import { AmendCancelPage } from './amend-cancel-page';
import { AmendPage } from './amend-page';
import { endAmendSession, loadAmendSession, startAmendSession } from './amend-session';

const ID = 'obs-cancel-0001';
const AMENDMENT = 'amendment-cancel-0001';
const SESSION = `scratch:amend:${ID}` as const;

let fx: ServicesFixture | undefined;
afterEach(async () => {
  cleanup();
  if (fx) await endAmendSession(fx.store, ID);
  await fx?.store.close();
  fx = undefined;
});

/** A submitted frontline practice observation being amended, with the strengths changed. */
async function amending() {
  fx = await servicesFixture();
  const f = fx;
  await saveFields(f.store.db, f.store.cipher, {
    recordId: ID,
    type: 'observation',
    scopeId: 'scope-practice-group-a',
    changes: {
      ...completeFields(frontlinePracticeV1),
      status: 'submitted',
      'summary.strengths': 'As submitted.',
    },
  });
  await startAmendSession(f.store, ID, {
    id: AMENDMENT,
    reason: 'Opened the wrong observation',
    before: (await getRecord(f.store.db, f.store.cipher, ID))!.fields,
    startedAt: '2026-05-02T09:00:00.000Z',
  });
  await saveFields(f.store.db, f.store.cipher, {
    recordId: ID,
    type: 'observation',
    changes: { 'summary.strengths': 'Typed into the wrong one.' },
  });
  return f;
}

const show = (f: ServicesFixture, page: 'amend' | 'cancel') =>
  render(
    <f.Wrapper>
      <LocationProvider>
        {page === 'amend' ? <AmendPage id={ID} /> : <AmendCancelPage id={ID} />}
      </LocationProvider>
    </f.Wrapper>,
  );

describe('cancelling an amendment', () => {
  test('the amend page offers it; the confirmation says what goes back, and cancelling puts it back as an edit naming the amendment, with no row', async () => {
    const f = await amending();
    show(f, 'amend');
    const link = await screen.findByRole('button', { name: 'Cancel amendment' });
    expect(link.getAttribute('href')).toBe(`/observations/${ID}/amend/cancel`);
    cleanup();

    show(f, 'cancel');
    await screen.findByRole('heading', {
      name: 'Are you sure you want to cancel your amendment?',
    });
    // The title says what the heading says.
    expect(document.title).toBe(
      'Are you sure you want to cancel your amendment? – Practice observations',
    );
    const row = screen.getByText('Strengths').closest('.govuk-summary-list__row') as HTMLElement;
    within(row).getByText('Goes back to: As submitted.');
    within(row).getByText('Now: Typed into the wrong one.');
    screen.getByText('No amendment will be added to the observation’s history.');
    expect(
      screen.getByRole('link', { name: 'No, go back to the amendment' }).getAttribute('href'),
    ).toBe(`/observations/${ID}/amend`);
    // Nothing is done until the person confirms.
    expect((await getRecord(f.store.db, f.store.cipher, ID))!.fields['summary.strengths']).toBe(
      'Typed into the wrong one.',
    );

    fireEvent.click(screen.getByRole('button', { name: 'Yes, cancel the amendment' }));
    await waitFor(async () =>
      expect(await readSealed(f.store.db, f.store.cipher, SESSION)).toBeUndefined(),
    );
    expect((await getRecord(f.store.db, f.store.cipher, ID))!.fields['summary.strengths']).toBe(
      'As submitted.',
    );
    const sent = (await outboxMutations(f.store)).slice(1);
    expect(sent.map((m) => [m.set['summary.strengths'], m.amendmentId])).toEqual([
      ['Typed into the wrong one.', AMENDMENT],
      ['As submitted.', AMENDMENT],
    ]);
    expect(
      (await listChildren(f.store.db, f.store.cipher, ID)).filter((c) => c.type === 'amendment'),
    ).toEqual([]);
    expect(location.search).toBe('?amendment=cancelled');
  });

  test('a field someone else changed since is shown before and after, left as it is, and the amendment stays open to finish', async () => {
    const f = await amending();
    // As the session would hold it had a pull merged another tablet's words in after this edit.
    const session = (await loadAmendSession(f.store, ID))!;
    await startAmendSession(f.store, ID, {
      ...session,
      wrote: { 'summary.strengths': 'Typed, before another tablet’s words were merged in.' },
    });
    show(f, 'cancel');
    await screen.findByText(/Someone else has changed this answer since you did/);
    screen.getByText('You have not changed anything in this amendment yet.');
    fireEvent.click(screen.getByRole('button', { name: 'Yes, cancel the amendment' }));
    await screen.findByRole('heading', { name: 'Some of your changes could not be put back' });
    screen.getByText('Now: Typed into the wrong one.');
    screen.getByText('Before you began amending: As submitted.');
    expect(screen.getByRole('button', { name: 'Continue amending' }).getAttribute('href')).toBe(
      `/observations/${ID}/amend`,
    );
    expect((await getRecord(f.store.db, f.store.cipher, ID))!.fields['summary.strengths']).toBe(
      'Typed into the wrong one.',
    );
    expect(await readSealed(f.store.db, f.store.cipher, SESSION)).toMatchObject({ id: AMENDMENT });
  });
});

test('answers are shown in the words of their page: a grade’s label, not its key', async () => {
  const f = await amending();
  const before = (await getRecord(f.store.db, f.store.cipher, ID))!.fields['summary.overallGrade'];
  expect(before).toBe('good');
  await saveFields(f.store.db, f.store.cipher, {
    recordId: ID,
    type: 'observation',
    changes: { 'summary.overallGrade': 'requires-improvement-to-be-good' },
  });
  show(f, 'cancel');
  const row = (await screen.findByText('Overall judgement')).closest(
    '.govuk-summary-list__row',
  ) as HTMLElement;
  within(row).getByText('Goes back to: Good');
  within(row).getByText('Now: Requires improvement to be good');
});

test('an action added while amending is listed as going, and cancelling removes it: the amendment ends with no row', async () => {
  const f = await amending();
  const session = (await loadAmendSession(f.store, ID))!;
  await startAmendSession(f.store, ID, { ...session, children: [], childWrote: {} });
  await saveFields(f.store.db, f.store.cipher, {
    recordId: 'action-cancel-page-0001',
    type: 'action',
    parentId: ID,
    changes: { what: 'Added while amending', status: 'open' },
  });
  show(f, 'cancel');
  const row = (
    await screen.findByText('You added this while amending: it will be removed.')
  ).closest('.govuk-summary-list__row') as HTMLElement;
  // In the words of the amendment history's table.
  within(row).getByText('Action 1, what needs to be done');
  within(row).getByText('Now: Added while amending');
  screen.getByText(/also puts back the improvement actions and call attempts you added/);
  screen.getByText('No amendment will be added to the observation’s history.');
  fireEvent.click(screen.getByRole('button', { name: 'Yes, cancel the amendment' }));
  await waitFor(async () =>
    expect(await readSealed(f.store.db, f.store.cipher, SESSION)).toBeUndefined(),
  );
  expect((await getRecord(f.store.db, f.store.cipher, 'action-cancel-page-0001'))?.deleted).toBe(
    true,
  );
  const [removal] = (await outboxMutations(f.store)).slice(-1);
  expect(removal).toMatchObject({ op: 'delete', amendmentId: AMENDMENT });
  expect(location.search).toBe('?amendment=cancelled');
});

test('only an action changed: the page says what goes back, not that nothing was changed', async () => {
  const f = await amending();
  // The strengths as they were, so only the action is left changed.
  await saveFields(f.store.db, f.store.cipher, {
    recordId: ID,
    type: 'observation',
    changes: { 'summary.strengths': 'As submitted.' },
  });
  const session = (await loadAmendSession(f.store, ID))!;
  await startAmendSession(f.store, ID, {
    ...session,
    children: [],
    childWrote: {},
  });
  await saveFields(f.store.db, f.store.cipher, {
    recordId: 'action-cancel-page-0001',
    type: 'action',
    parentId: ID,
    changes: { what: 'Added while amending', status: 'open' },
  });
  show(f, 'cancel');
  await screen.findByText('You added this while amending: it will be removed.');
  screen.getByText(/Cancelling puts back the improvement actions and call attempts you added/);
  expect(screen.queryByText('You have not changed anything in this amendment yet.')).toBeNull();
});

test('an action someone else has changed since the amendment added it is shown and stays; the amendment stays open', async () => {
  const f = await amending();
  const session = (await loadAmendSession(f.store, ID))!;
  await startAmendSession(f.store, ID, {
    ...session,
    children: [],
    childWrote: {},
  });
  await saveFields(f.store.db, f.store.cipher, {
    recordId: 'action-cancel-page-0001',
    type: 'action',
    parentId: ID,
    changes: { what: 'Mine, and theirs', status: 'open' },
  });
  // As the session would hold it had a pull merged another tablet's words in since.
  await startAmendSession(f.store, ID, {
    ...(await loadAmendSession(f.store, ID))!,
    childWrote: { 'action-cancel-page-0001': { live: true, fields: { what: 'Mine' } } },
  });
  show(f, 'cancel');
  await screen.findByText(/Someone else has changed this improvement action since you did/);
  fireEvent.click(screen.getByRole('button', { name: 'Yes, cancel the amendment' }));
  await screen.findByRole('heading', { name: 'Some of your changes could not be put back' });
  screen.getByText(/Someone else changed this improvement action after you did/);
  screen.getByText('Now: Mine, and theirs');
  screen.getByText('You had changed it to: Mine');
  expect(screen.queryByText(/Cancelling does not put back/)).toBeNull();
  expect((await getRecord(f.store.db, f.store.cipher, 'action-cancel-page-0001'))?.deleted).toBe(
    false,
  );
  expect(await readSealed(f.store.db, f.store.cipher, SESSION)).toMatchObject({ id: AMENDMENT });
});
