// The administration forms keep what is typed through the idle lock (which unmounts the shell):
// each form is a sealed form draft in the administrator's store from the first keystroke, read back
// when the page opens again, kept apart per person edited, and gone once the change is sent.
// A password is the exception: it is never written to the store, not even sealed.
import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { LocationProvider } from 'preact-iso';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { SubjectAccessResponse } from '../../../schemas/admin/audit';
import type { UserSummary } from '../../../schemas/admin/people';
import { localOnlyWork, readSealed } from '../../db';
import type { SealedKey } from '../../db';
import { servicesFixture } from '../../../tests/helpers/services-fixture';
import type { ServicesFixture } from '../../../tests/helpers/services-fixture';
import { answerRequests } from '../../../tests/helpers/server-answers';
import type { SentRequest } from '../../../tests/helpers/server-answers';
import { AddPersonPage } from './add-person-page';
import { AddTeamPage } from './add-team-page';
import { PersonPage } from './person-page';
import { RetentionPage } from './retention-page';
import { SubjectAccessPage } from './subject-access-page';

const SERVICE = { id: 'scope-cin', name: 'Children in need', kind: 'service', parentId: null };
const person = (id: string, displayName: string): UserSummary => ({
  id,
  email: `${id}@example.org`,
  displayName,
  role: 'observer',
  status: 'active',
  lockedUntil: null,
  createdAt: '2026-01-05T09:00:00.000Z',
  scopes: [],
});
const SAM = person('user-sam', 'Sam Patel');
const ROBIN = person('user-robin', 'Robin Shah');
const PERIODS = {
  'cp-conference-chairing': null,
  'lac-review-chairing': null,
  'frontline-practice': 2555,
  'family-feedback-call': null,
  'single-case-audit': null,
  'safety-concern': null,
};

const EXPORTED: SubjectAccessResponse = {
  subject: { caseId: 'CASE-445566' },
  generatedAt: '2026-05-05T10:00:00.000Z',
  account: null,
  notIncluded: null,
  records: [],
  audit: [],
  thirdParty: { mode: 'include', withheld: [], notice: 'Nothing was withheld.' },
};

let fx: ServicesFixture | undefined;
let sent: SentRequest[] = [];
beforeEach(() => {
  // The admin routes these screens use, answered as the server would.
  sent = answerRequests(({ method, path, body }) => {
    if (path === '/api/admin/scopes' && method === 'GET') return { scopes: [SERVICE] };
    if (path === '/api/admin/scopes') return { scope: { ...SERVICE, id: 'scope-new' } };
    if (path === '/api/admin/users' && method === 'GET') return { users: [SAM, ROBIN] };
    if (path === '/api/admin/users') return { user: { ...SAM, id: 'user-new' } };
    if (path.endsWith('/memberships')) return { added: true, user: { ...SAM, scopes: [SERVICE] } };
    if (path.endsWith('/reassign')) return { drafts: [], actions: [], assignments: [] };
    if (path.startsWith('/api/admin/users/')) {
      return { user: { ...SAM, ...(body as object) }, sessionsRevoked: 0 };
    }
    if (path === '/api/admin/retention/due') return { records: [], periods: PERIODS };
    if (path === '/api/admin/retention/policy') {
      const changed = method === 'PUT' ? (body as { periods: object }).periods : {};
      return { periods: { ...PERIODS, ...changed } };
    }
    if (path === '/api/admin/subject-access') return EXPORTED;
    return {};
  });
});
afterEach(async () => {
  vi.unstubAllGlobals();
  // happy-dom follows the subject access download link; the next test starts from the app again.
  (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(
    'http://localhost:3000/',
  );
  await fx?.store.close();
  fx = undefined;
});

async function admin() {
  fx = await servicesFixture();
  fx.services.user = { ...fx.services.user, role: 'admin' };
  return fx;
}

const show = (f: ServicesFixture, page: preact.JSX.Element) =>
  render(
    <f.Wrapper>
      <LocationProvider>{page}</LocationProvider>
    </f.Wrapper>,
  );

const kept = (f: ServicesFixture, key: string) =>
  readSealed<unknown>(f.store.db, f.store.cipher, `scratch:form:${key}` as SealedKey);
const unfinished = async (f: ServicesFixture) =>
  (await localOnlyWork(f.store.db, f.store.cipher)).unfinished;
const field = (label: string) => screen.findByLabelText(label) as Promise<HTMLInputElement>;
const posted = (path: string) =>
  sent.filter((r) => r.path === path && r.method !== 'GET').map((r) => r.body);

describe('administration forms keep what is typed through the idle lock', () => {
  test('add a person: back after a remount (all but the password), and gone once added', async () => {
    const f = await admin();
    const first = show(f, <AddPersonPage />);
    fireEvent.input(await field('Email address'), { target: { value: 'ali@example.org' } });
    fireEvent.input(await field('Full name'), { target: { value: 'Ali Khan' } });
    fireEvent.click(await field('Quality assurance lead'));
    fireEvent.click(await field('Children in need'));
    fireEvent.input(await field('First password (optional)'), {
      target: { value: 'a first password here' },
    });
    await waitFor(async () =>
      expect(await kept(f, 'admin:add-person')).toEqual({
        email: 'ali@example.org',
        name: 'Ali Khan',
        role: 'qa-lead',
        teams: [SERVICE.id],
      }),
    );
    expect(await unfinished(f)).toBe(1);
    // The idle lock closes every screen; the page opens again after the unlock.
    first.unmount();
    show(f, <AddPersonPage />);
    await waitFor(async () => expect((await field('Email address')).value).toBe('ali@example.org'));
    expect((await field('Full name')).value).toBe('Ali Khan');
    expect((await field('Quality assurance lead')).checked).toBe(true);
    expect((await field('Children in need')).checked).toBe(true);
    expect((await field('First password (optional)')).value).toBe('');
    fireEvent.click(screen.getByRole('button', { name: 'Add person' }));
    await waitFor(async () => expect(await kept(f, 'admin:add-person')).toBeUndefined());
    expect(posted('/api/admin/users')).toEqual([
      {
        email: 'ali@example.org',
        displayName: 'Ali Khan',
        role: 'qa-lead',
        scopeIds: [SERVICE.id],
      },
    ]);
    expect(await unfinished(f)).toBe(0);
  });

  test('add a team: back after a remount, and gone once added', async () => {
    const f = await admin();
    const first = show(f, <AddTeamPage />);
    fireEvent.input(await field('Name'), { target: { value: 'CIN team 3' } });
    fireEvent.click(await field('A practice group in Children in need'));
    await waitFor(async () =>
      expect(await kept(f, 'admin:add-team')).toEqual({ name: 'CIN team 3', parent: SERVICE.id }),
    );
    first.unmount();
    show(f, <AddTeamPage />);
    await waitFor(async () => expect((await field('Name')).value).toBe('CIN team 3'));
    expect((await field('A practice group in Children in need')).checked).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Add team' }));
    await waitFor(async () => expect(await kept(f, 'admin:add-team')).toBeUndefined());
    expect(posted('/api/admin/scopes')).toEqual([
      { name: 'CIN team 3', kind: 'practice-group', parentId: SERVICE.id },
    ]);
    expect(await unfinished(f)).toBe(0);
  });

  test('a person’s page: each choice back after a remount, never on another person’s page, gone once made', async () => {
    const f = await admin();
    const first = show(f, <PersonPage userId={SAM.id} />);
    fireEvent.click(await field('Children in need'));
    fireEvent.click(await field('Quality assurance lead'));
    fireEvent.click(await field('Robin Shah'));
    fireEvent.input(await field('New password'), { target: { value: 'a new password here' } });
    await waitFor(async () => {
      expect(await kept(f, `admin:person-team:${SAM.id}`)).toBe(SERVICE.id);
      expect(await kept(f, `admin:person-role:${SAM.id}`)).toBe('qa-lead');
      expect(await kept(f, `admin:person-reassign:${SAM.id}`)).toBe(ROBIN.id);
    });
    expect(await unfinished(f)).toBe(3);
    first.unmount();
    // Robin's page shows none of what was chosen for Sam.
    const other = show(f, <PersonPage userId={ROBIN.id} />);
    await screen.findByRole('heading', { name: 'Robin Shah', level: 1 });
    expect((await field('Children in need')).checked).toBe(false);
    expect((await field('Quality assurance lead')).checked).toBe(false);
    other.unmount();
    show(f, <PersonPage userId={SAM.id} />);
    await waitFor(async () => expect((await field('Quality assurance lead')).checked).toBe(true));
    expect((await field('Children in need')).checked).toBe(true);
    expect((await field('Robin Shah')).checked).toBe(true);
    expect((await field('New password')).value).toBe('');
    fireEvent.click(screen.getByRole('button', { name: 'Change role' }));
    await waitFor(async () => expect(await kept(f, `admin:person-role:${SAM.id}`)).toBeUndefined());
    fireEvent.click(screen.getByRole('button', { name: 'Add to team' }));
    await waitFor(async () => expect(await kept(f, `admin:person-team:${SAM.id}`)).toBeUndefined());
    fireEvent.click(screen.getByRole('button', { name: 'Move their work' }));
    await waitFor(async () =>
      expect(await kept(f, `admin:person-reassign:${SAM.id}`)).toBeUndefined(),
    );
    expect(posted(`/api/admin/users/${SAM.id}`)).toEqual([{ role: 'qa-lead' }]);
    expect(posted(`/api/admin/users/${SAM.id}/memberships`)).toEqual([{ scopeId: SERVICE.id }]);
    expect(posted(`/api/admin/users/${SAM.id}/reassign`)).toEqual([{ toUserId: ROBIN.id }]);
    expect(await unfinished(f)).toBe(0);
  });

  test('subject access: the request back after a remount, and gone once exported', async () => {
    const f = await admin();
    vi.stubGlobal(
      'URL',
      Object.assign(URL, { createObjectURL: () => 'blob:x', revokeObjectURL() {} }),
    );
    const first = show(f, <SubjectAccessPage />);
    fireEvent.click(await field('A child or family, by case ID'));
    fireEvent.input(await field('Case ID'), { target: { value: 'CASE-445566' } });
    fireEvent.click(await field('Include it'));
    await waitFor(async () =>
      expect(await kept(f, 'admin:subject-access')).toEqual({
        who: 'case',
        caseId: 'CASE-445566',
        thirdParty: 'include',
      }),
    );
    first.unmount();
    show(f, <SubjectAccessPage />);
    await waitFor(async () => expect((await field('Case ID')).value).toBe('CASE-445566'));
    expect((await field('Include it')).checked).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Export' }));
    await screen.findByRole('heading', { name: 'No records found for case ID CASE-445566' });
    expect(await kept(f, 'admin:subject-access')).toBeUndefined();
    expect(posted('/api/admin/subject-access')).toEqual([
      { caseId: 'CASE-445566', thirdParty: 'include' },
    ]);
    expect(await unfinished(f)).toBe(0);
  });

  test('retention periods: back after a remount, and gone once saved', async () => {
    const f = await admin();
    const first = show(f, <RetentionPage />);
    fireEvent.input(await field('Single case audit, days'), { target: { value: '3650' } });
    await waitFor(async () =>
      expect(await kept(f, 'admin:retention-periods')).toEqual({ 'single-case-audit': '3650' }),
    );
    first.unmount();
    show(f, <RetentionPage />);
    await waitFor(async () => expect((await field('Single case audit, days')).value).toBe('3650'));
    expect((await field('Frontline practice observation, days')).value).toBe('2555');
    fireEvent.click(screen.getByRole('button', { name: 'Save retention periods' }));
    await waitFor(async () => expect(await kept(f, 'admin:retention-periods')).toBeUndefined());
    expect(posted('/api/admin/retention/policy')).toEqual([
      { periods: { ...PERIODS, 'single-case-audit': 3650 } },
    ]);
    expect(await unfinished(f)).toBe(0);
  });
});
