// Words about consent edited on two devices at once, where the server could not merge them, are
// shown beside the field on the set-up page with "Keep mine" and "Keep theirs": without the panel
// the person's own words would be out of sight, kept only in the record's conflicts.
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { getRecord, localOnlyWork, readScratch } from '../../db';
import { applyPullPage } from '../../db/apply-pull';
import { pullPage, serverRecord } from '../../../tests/helpers/db-fixtures';
import { servicesFixture } from '../../../tests/helpers/services-fixture';
import type { ServicesFixture } from '../../../tests/helpers/services-fixture';
import { keepDirectory } from '../../../tests/helpers/directory-fixture';
import { noAxeFindings, showPage } from '../../../tests/helpers/show-page';
import type { SyncRecord } from '../../../schemas/sync/records';
import { frontlinePracticeV1 } from '../../../schemas/templates/frontline-practice';
import { outboxMutations } from '../../../tests/helpers/db-fixtures';
import { completeFields } from '../../../tests/helpers/submittable';
import { AmendPage } from './amend-page';
import { endAmendSession } from './amend-session';
import { ContextPage } from './context-page';

const ID = 'obs-consent-0001';
let fx: ServicesFixture | undefined;
afterEach(async () => {
  cleanup();
  vi.unstubAllGlobals();
  if (fx) await endAmendSession(fx.store, ID);
  await fx?.store.close();
  fx = undefined;
});

type Kind = 'family-feedback-call' | 'frontline-practice';

/** A draft of `kind` as the server sent it to the observer's tablet. */
const draft = (
  kind: Kind,
  fields: SyncRecord['fields'] = {},
  conflicts: SyncRecord['conflicts'] = [],
) =>
  serverRecord({
    id: ID,
    fields: { kind, templateId: kind, templateVersion: 1, status: 'draft', ...fields },
    conflicts,
  });

/** A tablet that has pulled `record`. */
async function pulled(record: SyncRecord): Promise<ServicesFixture> {
  fx = await servicesFixture();
  await applyPullPage(fx.store.db, fx.store.cipher, pullPage({ records: [record] }));
  return fx;
}

const show = (f: ServicesFixture) => showPage(f, <ContextPage id={ID} />);

test('a consent note that could not be merged is shown on the set-up page with both versions', async () => {
  const f = await pulled(
    draft(
      'frontline-practice',
      { 'context.consent.given': 'yes', 'context.consent.how': 'Verbally, by the mother' },
      [
        {
          id: 'conflict-consent-01',
          path: 'context.consent.how',
          kind: 'text',
          current: 'Verbally, by the mother',
          incoming: 'In writing, by both parents',
          deviceId: 'device-elsewhere-01',
          userId: 'user-observer-0001',
          at: '2026-05-01T09:00:00Z',
        },
      ],
    ),
  );
  show(f);
  expect((await screen.findByTestId('conflict-theirs')).textContent).toBe(
    'In writing, by both parents',
  );
  expect(screen.getByTestId('conflict-mine').textContent).toBe('Verbally, by the mother');
  expect(screen.getByRole('button', { name: /Keep mine/ })).toBeTruthy();
});

describe('a half-typed date', () => {
  const box = async (label: 'Day' | 'Month' | 'Year') =>
    within(await screen.findByRole('group', { name: 'Date of the observation' })).getByLabelText(
      label,
    ) as HTMLInputElement;

  test('survives the idle lock, and its scratch goes once the boxes make a date', async () => {
    const f = await pulled(draft('frontline-practice'));
    const first = show(f);
    fireEvent.input(await box('Day'), { target: { value: '27' } });
    fireEvent.input(await box('Month'), { target: { value: '3' } });
    await waitFor(async () =>
      expect(Object.keys(await readScratch(f.store.db, f.store.cipher, ID))).toEqual([
        'partial:context.date',
      ]),
    );
    expect((await localOnlyWork(f.store.db, f.store.cipher)).unfinished).toBe(1);
    // The idle lock closes every screen; the page opens again after the unlock.
    first.unmount();
    show(f);
    await waitFor(async () => expect((await box('Day')).value).toBe('27'));
    expect((await box('Month')).value).toBe('3');
    expect((await box('Year')).value).toBe('');
    fireEvent.input(await box('Year'), { target: { value: '2026' } });
    await waitFor(async () =>
      expect((await getRecord(f.store.db, f.store.cipher, ID))?.fields['context.date']).toBe(
        '2026-03-27',
      ),
    );
    await waitFor(async () =>
      expect(await readScratch(f.store.db, f.store.cipher, ID)).toEqual({}),
    );
    expect((await localOnlyWork(f.store.db, f.store.cipher)).unfinished).toBe(0);
  });

  test('a saved date being changed shows, after the lock, the boxes as they were left', async () => {
    const f = await pulled(draft('frontline-practice', { 'context.date': '2026-03-27' }));
    const first = show(f);
    expect((await box('Year')).value).toBe('2026');
    fireEvent.input(await box('Month'), { target: { value: '' } });
    await waitFor(async () =>
      expect(Object.keys(await readScratch(f.store.db, f.store.cipher, ID))).toEqual([
        'partial:context.date',
      ]),
    );
    first.unmount();
    show(f);
    await waitFor(async () => expect((await box('Month')).value).toBe(''));
    expect((await box('Day')).value).toBe('27');
    expect((await box('Year')).value).toBe('2026');
    // Never sent: the record keeps the date it had until the boxes make another.
    expect((await getRecord(f.store.db, f.store.cipher, ID))?.fields['context.date']).toBe(
      '2026-03-27',
    );
  });
});

describe('a family feedback call that never reached the family', () => {
  const open = async (kind: Kind) => show(await pulled(draft(kind)));

  test('is recorded as not reached, not as a refusal, and asks for nothing about consent', async () => {
    await open('family-feedback-call');
    const group = await screen.findByRole('group', {
      name: 'Did they agree to take part and to their answers being recorded?',
    });
    fireEvent.click(within(group).getByLabelText('We could not reach them'));
    await screen.findByText(/Nobody was asked, so nothing more is recorded about the call/);
    expect(screen.queryByLabelText('Who gave consent')).toBeNull();
    await waitFor(async () =>
      expect(
        (await getRecord(fx!.store.db, fx!.store.cipher, ID))?.fields['context.consent.given'],
      ).toBe('not-reached'),
    );
  });

  // The page says nobody was asked: Save and continue goes to the call attempts, not the questions.
  test('goes on to the call attempts, past the questions nobody was asked', async () => {
    await open('family-feedback-call');
    const group = await screen.findByRole('group', {
      name: 'Did they agree to take part and to their answers being recorded?',
    });
    fireEvent.click(within(group).getByLabelText('We could not reach them'));
    fireEvent.click(screen.getByRole('button', { name: 'Save and continue' }));
    await waitFor(() => expect(location.pathname).toBe(`/observations/${ID}/calls`));
  });

  test('reached, goes on to the questions', async () => {
    await open('family-feedback-call');
    const group = await screen.findByRole('group', {
      name: 'Did they agree to take part and to their answers being recorded?',
    });
    fireEvent.click(within(group).getByLabelText('Yes'));
    fireEvent.click(screen.getByRole('button', { name: 'Save and continue' }));
    await waitFor(() =>
      expect(location.pathname).toBe(`/observations/${ID}/sections/before-the-questions`),
    );
  });

  test('is offered on calls only', async () => {
    await open('frontline-practice');
    await screen.findByRole('group', { name: 'Was consent given for the observation?' });
    expect(screen.queryByLabelText('We could not reach them')).toBeNull();
  });
});

describe('how consent was given', () => {
  // A call is made by phone: the example is the call's, not a visit's. Found on a tablet.
  const hintOf = async (kind: Kind) => {
    show(await pulled(draft(kind, { 'context.consent.given': 'yes' })));
    const box = await screen.findByLabelText('How consent was given');
    const hint = document.getElementById(box.getAttribute('aria-describedby')!.split(' ')[0]!);
    return hint?.textContent;
  };

  test('on a call is asked with the call’s example', async () => {
    expect(await hintOf('family-feedback-call')).toBe(
      'For example, verbally at the start of the call',
    );
  });

  test('on a visit keeps the visit’s example', async () => {
    expect(await hintOf('frontline-practice')).toBe(
      'For example, verbally at the start of the visit, or in writing',
    );
  });
});

describe('the account the observation is linked to', () => {
  // Started from an assignment: the name typed in, and the account of the person it named, which
  // sharing reaches and whose response the record takes.
  const PRIYA = 'user-priya-0001';
  const linkedDraft = (extra: SyncRecord['fields'] = {}) =>
    draft('frontline-practice', {
      'context.observedName': 'Priya Shah',
      'context.observedUserId': PRIYA,
      'context.assignmentId': 'asg-priya-0001',
      ...extra,
    });
  /** No signal: the directory is the one the tablet kept, naming Priya Shah when `named`. */
  async function open(records: SyncRecord[], named = true) {
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')));
    fx = await servicesFixture({ online: false });
    await applyPullPage(fx.store.db, fx.store.cipher, pullPage({ records }));
    if (named)
      await keepDirectory(fx.store, [
        {
          id: PRIYA,
          displayName: 'Priya Shah',
          role: 'practitioner',
          scopeIds: ['scope-practice-group-a'],
        },
      ]);
    show(fx);
    return fx;
  }
  const saved = async () => (await getRecord(fx!.store.db, fx!.store.cipher, ID))?.fields;
  const nameBox = () => screen.findByLabelText('Name of the practitioner you observed');
  /** The account the stored record is linked to (a field saved as null is not kept). */
  const account = async () => (await saved())?.['context.observedUserId'] ?? null;
  /** The name box, once the page names the linked account. */
  const linkedNameBox = async () => {
    await screen.findByText(/Linked to the account of Priya Shah\./);
    return nameBox();
  };

  test('is named under the name, with a way to unlink it', async () => {
    await open([linkedDraft()]);
    await screen.findByText(/Linked to the account of Priya Shah\./);
    expect(screen.getByRole('button', { name: 'Unlink the account' })).toBeTruthy();
    await noAxeFindings();
  });

  test('is not mentioned when there is none', async () => {
    await open([draft('frontline-practice', { 'context.observedName': 'Priya Shah' })]);
    await nameBox();
    expect(screen.queryByText(/Linked to/)).toBeNull();
    expect(screen.queryByRole('button', { name: 'Unlink the account' })).toBeNull();
  });

  test('unlinked with the button: saved as no account, said, and the keyboard moves to what is said', async () => {
    await open([linkedDraft()]);
    fireEvent.click(await screen.findByRole('button', { name: 'Unlink the account' }));
    const said = await screen.findByText(/^No longer linked to the account of Priya Shah\./);
    expect(said.textContent).toContain('you choose whose account to share it with');
    await waitFor(() => expect(document.activeElement).toBe(said));
    await waitFor(async () => expect(await account()).toBeNull());
    expect((await saved())?.['context.observedName']).toBe('Priya Shah');
    await noAxeFindings();
  });

  test('a name changed to someone else unlinks it in the same edit, saying so', async () => {
    await open([linkedDraft()]);
    fireEvent.input(await linkedNameBox(), { target: { value: 'Jo Bloggs' } });
    await screen.findByText(
      /You changed the name, so this observation is no longer linked to the account of Priya Shah\./,
    );
    expect(screen.queryByRole('button', { name: 'Unlink the account' })).toBeNull();
    await waitFor(async () => expect((await saved())?.['context.observedName']).toBe('Jo Bloggs'));
    expect(await account()).toBeNull();
    await noAxeFindings();
  });

  test('typed back as it was on the page, the name links it again', async () => {
    await open([linkedDraft()]);
    fireEvent.input(await linkedNameBox(), { target: { value: 'Priya Sha' } });
    await screen.findByText(/You changed the name/);
    fireEvent.input(await nameBox(), { target: { value: 'Priya Shah' } });
    await screen.findByText(/Linked to the account of Priya Shah\./);
    await waitFor(async () =>
      expect(await saved()).toMatchObject({
        'context.observedName': 'Priya Shah',
        'context.observedUserId': PRIYA,
      }),
    );
  });

  test('unlinked with the button, it is not linked again by typing the name', async () => {
    await open([linkedDraft()]);
    fireEvent.click(await screen.findByRole('button', { name: 'Unlink the account' }));
    await screen.findByText(/^No longer linked/);
    fireEvent.input(await nameBox(), { target: { value: 'Priya Shah ' } });
    await waitFor(async () =>
      expect((await saved())?.['context.observedName']).toBe('Priya Shah '),
    );
    expect(await account()).toBeNull();
    expect(screen.queryByRole('button', { name: 'Unlink the account' })).toBeNull();
  });

  test('the same name written with other capitals or spaces keeps it', async () => {
    await open([linkedDraft()]);
    fireEvent.input(await linkedNameBox(), { target: { value: ' priya  SHAH' } });
    await waitFor(async () =>
      expect((await saved())?.['context.observedName']).toBe(' priya  SHAH'),
    );
    expect(await account()).toBe(PRIYA);
    expect(screen.getByText(/Linked to the account of Priya Shah\./)).toBeTruthy();
  });

  test('not in the kept directory (a guest observer), it is named as the assignment named it', async () => {
    const assignment = serverRecord({
      id: 'asg-priya-0001',
      type: 'assignment',
      fields: { observedUserId: PRIYA, observedName: 'Priya Shah' },
    });
    await open([assignment, linkedDraft({ 'context.observedName': 'P. Shah' })], false);
    await screen.findByText(/Linked to the account of Priya Shah\./);
  });

  test('unlinked while amending a submitted observation: the edit names the amendment, which records it', async () => {
    const f = await open([
      linkedDraft({
        ...completeFields(frontlinePracticeV1),
        'context.observedName': 'Priya Shah',
        status: 'submitted',
        sharedWithPractitioner: true,
      }),
    ]);
    cleanup();
    // The reason first, as every amendment starts.
    const amend = showPage(f, <AmendPage id={ID} />);
    fireEvent.input(await screen.findByLabelText('Reason for the amendment'), {
      target: { value: 'The name was of someone else' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    await screen.findByRole('heading', { name: 'Amending this observation' });
    amend.unmount();
    show(f);
    fireEvent.click(await screen.findByRole('button', { name: 'Unlink the account' }));
    await waitFor(async () => expect(await account()).toBeNull());
    const edit = (await outboxMutations(f.store)).find((m) =>
      Object.hasOwn(m.set, 'context.observedUserId'),
    )!;
    // Sharing is the observer's to stop: the server grants it to the linked account only.
    expect(edit.set).toEqual({ 'context.observedUserId': null });
    expect(edit.amendmentId).toEqual(expect.any(String));
    cleanup();
    showPage(f, <AmendPage id={ID} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Finish amending' }));
    await waitFor(async () =>
      expect((await outboxMutations(f.store)).map((m) => m.type)).toContain('amendment'),
    );
    const row = (await outboxMutations(f.store)).find((m) => m.type === 'amendment')!;
    expect(row.recordId).toBe(edit.amendmentId);
    expect(row.set).toMatchObject({
      'changes.0.path': 'context.observedUserId',
      'changes.0.before': PRIYA,
      'changes.0.after': null,
    });
  });

  test('when the tablet cannot name it, any change of the name unlinks it', async () => {
    await open([linkedDraft({ 'context.assignmentId': null })], false);
    await screen.findByText(/Linked to a colleague’s account\./);
    fireEvent.input(await nameBox(), { target: { value: 'Priya Shah.' } });
    await screen.findByText(/no longer linked to a colleague’s account/);
    await waitFor(async () => expect(await account()).toBeNull());
  });
});
