// The observer shares a submitted observation with the practitioner observed. Pressing Share
// confirms it in a success banner that takes the keyboard (a screen reader hears it), and the
// page shows whom it is shared with. A guest observer from another authority, who sees nobody in
// the team's directory, shares with the practitioner the assignment names; a Share button is never
// shown with nobody to choose.
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { frontlinePracticeV1 } from '../../../schemas/templates/frontline-practice';
import { getRecord } from '../../db';
import type { DirectoryPerson } from '../../../schemas/api/directory';
import { receiveSubmitted } from '../../../tests/helpers/submitted-on-tablet';
import { showPage } from '../../../tests/helpers/show-page';
import { servicesFixture } from '../../../tests/helpers/services-fixture';
import type { ServicesFixture } from '../../../tests/helpers/services-fixture';
import { SharePage } from './share-page';

const ID = 'obs-share-0001';
const TEAM = 'scope-practice-group-a';
let fx: ServicesFixture | undefined;
// No signal: the directory kept on the tablet is used.
beforeEach(() => {
  vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')));
});
afterEach(async () => {
  cleanup();
  vi.unstubAllGlobals();
  await fx?.store.close();
  fx = undefined;
});

async function submitted(
  options: {
    guest?: boolean;
    people?: DirectoryPerson[];
    extra?: Record<string, string | boolean>;
  } = {},
) {
  fx = await servicesFixture({ online: false });
  if (options.guest) fx.services.user = { ...fx.services.user, role: 'guest', scopes: [] };
  // As the server sent it to the observer's tablet.
  await receiveSubmitted(fx.store, {
    id: ID,
    scopeId: TEAM,
    template: frontlinePracticeV1,
    fields: { sharedWithPractitioner: false, ...options.extra },
    people: options.people ?? [
      { id: 'user-alex-0001', displayName: 'Alex Jones', role: 'practitioner', scopeIds: [TEAM] },
      { id: 'user-kim-0001', displayName: 'Kim Lee', role: 'practitioner', scopeIds: [TEAM] },
    ],
  });
  showPage(fx, <SharePage id={ID} />);
  return fx;
}

const saved = async (f: ServicesFixture) =>
  (await getRecord(f.store.db, f.store.cipher, ID))!.fields;

test('sharing: a success banner takes focus and says whom, and their name stays selected', async () => {
  const f = await submitted();
  fireEvent.click(await screen.findByLabelText('Kim Lee'));
  fireEvent.click(screen.getByRole('button', { name: 'Share' }));
  const banner = await screen.findByRole('alert');
  expect(banner.textContent).toContain('Shared with Kim Lee');
  await waitFor(() => expect(document.activeElement).toBe(banner));
  expect((screen.getByLabelText('Kim Lee') as HTMLInputElement).checked).toBe(true);
  expect(await saved(f)).toMatchObject({
    sharedWithPractitioner: true,
    'context.observedUserId': 'user-kim-0001',
  });
});

test('opened again once shared, the practitioner it is shared with is selected', async () => {
  await submitted({
    extra: { sharedWithPractitioner: true, 'context.observedUserId': 'user-alex-0001' },
  });
  const alex = (await screen.findByLabelText('Alex Jones')) as HTMLInputElement;
  expect(alex.checked).toBe(true);
  expect(screen.getByText(/Shared with Alex Jones/)).toBeTruthy();
});

test('nobody to choose: said plainly, and no Share button', async () => {
  await submitted({ people: [] });
  await screen.findByText('Nobody in this team has a practitioner account.');
  expect(screen.queryByRole('button', { name: 'Share' })).toBeNull();
});

test('a guest observer shares with the practitioner the assignment names', async () => {
  const f = await submitted({
    guest: true,
    people: [],
    extra: {
      'context.observedName': 'Alex Jones',
      'context.observedUserId': 'user-alex-0001',
      'context.assignmentId': 'asg-0001',
    },
  });
  const alex = (await screen.findByLabelText('Alex Jones')) as HTMLInputElement;
  expect(alex.checked).toBe(true);
  expect(screen.queryByText('Nobody in this team has a practitioner account.')).toBeNull();
  fireEvent.click(screen.getByRole('button', { name: 'Share' }));
  await screen.findByRole('alert');
  expect(await saved(f)).toMatchObject({
    sharedWithPractitioner: true,
    'context.observedUserId': 'user-alex-0001',
  });
});

test('a guest observer whose observation names no practitioner’s account is told why, with no button', async () => {
  await submitted({ guest: true, people: [] });
  await screen.findByText(/names no practitioner’s account/);
  expect(screen.queryByRole('button', { name: 'Share' })).toBeNull();
});

test('shared, then unlinked from the account while amending: not said to be shared, and nobody is chosen', async () => {
  await submitted({ extra: { sharedWithPractitioner: true, 'context.observedName': 'Jo Bloggs' } });
  const alex = (await screen.findByLabelText('Alex Jones')) as HTMLInputElement;
  expect(alex.checked).toBe(false);
  expect((screen.getByLabelText('Kim Lee') as HTMLInputElement).checked).toBe(false);
  expect(screen.queryByText(/Shared with/)).toBeNull();
  expect(screen.getByRole('button', { name: 'Share' })).toBeTruthy();
});
