// The home screen offers "Start a new observation" (a link styled as a start button, so role
// button) only to the roles the server lets start one (schemas/api/account.ts OBSERVING_ROLES); a
// guest observer is pointed to their assignments, and a practitioner or administrator is offered
// nothing they would be refused.
import { render, screen, within } from '@testing-library/preact';
import axe from 'axe-core';
import { LocationProvider } from 'preact-iso';
import { afterEach, describe, expect, test } from 'vitest';
import { ROLE_KEYS } from '../../../schemas/api/account';
import type { RoleKey } from '../../../schemas/api/account';
import { servicesFixture } from '../../../tests/helpers/services-fixture';
import type { ServicesFixture } from '../../../tests/helpers/services-fixture';
import { OWNER, pullPage, serverRecord } from '../../../tests/helpers/db-fixtures';
import { applyPullPage, saveFields } from '../../db';
import { londonDateOf } from '../../../schemas/calendar/london-time';
import type { SyncRecord } from '../../../schemas/sync/records';
import { HomePage } from './home-page';

let fx: ServicesFixture | undefined;
afterEach(async () => {
  await fx?.store.close();
  fx = undefined;
});

async function homeAs(role: RoleKey) {
  fx = await servicesFixture();
  fx.services.user = { ...fx.services.user, role };
  const view = render(
    <fx.Wrapper>
      <LocationProvider>
        <HomePage />
      </LocationProvider>
    </fx.Wrapper>,
  );
  await screen.findByRole('heading', { name: 'Your observations' });
  return view;
}

describe('starting an observation from the home screen', () => {
  const starts: Record<RoleKey, boolean> = {
    observer: true,
    'qa-lead': true,
    'head-of-service': true,
    director: true,
    practitioner: false,
    admin: false,
    guest: false,
  };
  test.each(ROLE_KEYS.map((r) => [r, starts[r]] as const))(
    '%s: offered %s',
    async (role, offered) => {
      const view = await homeAs(role);
      expect(screen.queryByRole('button', { name: 'Start a new observation' }) !== null).toBe(
        offered,
      );
      expect(screen.queryByTestId('start-hint') !== null).toBe(role === 'guest');
      view.unmount();
    },
  );

  test('a guest is pointed to their assignments', async () => {
    await homeAs('guest');
    expect(screen.getByRole('link', { name: 'My assignments' }).getAttribute('href')).toBe(
      '/assignments',
    );
  });
});

describe('drafts on the home screen', () => {
  test('drafts with no case ID yet are told apart by when each was started, in their links too', async () => {
    fx = await servicesFixture();
    const { db, cipher } = fx.store;
    const drafts = [
      ['observation-00d1', '2026-05-01T09:15:00.000Z'],
      ['observation-00d2', '2026-05-04T14:40:00.000Z'],
    ] as const;
    for (const [id, createdAt] of drafts)
      await saveFields(db, cipher, {
        recordId: id,
        type: 'observation',
        scopeId: 'scope-practice-group-a',
        changes: { kind: 'frontline-practice', status: 'draft', createdAt },
      });
    render(
      <fx.Wrapper>
        <LocationProvider>
          <main id="main-content">
            <HomePage />
          </main>
        </LocationProvider>
      </fx.Wrapper>,
    );
    const table = await screen.findByRole('table', { name: 'Your drafts' });
    const links = await within(table).findAllByRole('link', { name: /^Frontline practice/ });
    const names = links.map((a) => a.textContent).sort();
    // London time: British Summer Time in May.
    expect(names).toEqual([
      'Frontline practice, started 1 May 2026 at 10:15am',
      'Frontline practice, started 4 May 2026 at 3:40pm',
    ]);
    expect(within(table).getByText('Started 1 May 2026 at 10:15am')).toBeTruthy();
    expect(within(table).getAllByText('No case ID yet')).toHaveLength(2);
    const result = await axe.run(document.body, {
      rules: { 'color-contrast': { enabled: false } },
    });
    expect(result.violations.map((v) => v.id)).toEqual([]);
  });
});

describe('improvement actions due on the home screen', () => {
  test('each names its case, with its due date in words, overdue and due today marked', async () => {
    fx = await servicesFixture();
    const { db, cipher } = fx.store;
    const today = londonDateOf(new Date());
    const yesterday = londonDateOf(new Date(Date.now() - 86_400_000));
    const cases = [
      ['observation-000a', 'AB-1234', 'action-000a', yesterday],
      ['observation-000b', 'CD-5678', 'action-000b', today],
      ['observation-000c', 'EF-9012', 'action-000c', '2099-03-27'],
    ] as const;
    for (const [obs, caseId, act, due] of cases) {
      await saveFields(db, cipher, {
        recordId: obs,
        type: 'observation',
        scopeId: 'scope-practice-group-a',
        changes: { kind: 'frontline-practice', status: 'submitted', 'context.caseId': caseId },
      });
      await saveFields(db, cipher, {
        recordId: act,
        type: 'action',
        parentId: obs,
        changes: {
          what: 'Share the plan with the family in writing',
          status: 'open',
          dueDate: due,
        },
      });
    }
    render(
      <fx.Wrapper>
        <LocationProvider>
          <HomePage />
        </LocationProvider>
      </fx.Wrapper>,
    );
    const table = await screen.findByRole('table', { name: 'Improvement actions due' });
    const rows = await within(table).findAllByRole('row');
    const text = rows.slice(1).map((r) => r.textContent);
    expect(text).toHaveLength(3);
    expect(text[0]).toContain('AB-1234');
    expect(text[0]).toContain('Overdue');
    expect(text[1]).toContain('CD-5678');
    expect(text[1]).toContain('Due today');
    expect(text[2]).toContain('EF-9012');
    expect(text[2]).toContain('27 March 2099');
    expect(text[2]).not.toMatch(/Overdue|Due today/);
    expect(
      within(rows[1]!).getByRole('link', { name: 'Share the plan with the family in writing' }),
    ).toHaveProperty(
      'href',
      expect.stringContaining('/observations/observation-000a/actions/action-000a'),
    );
  });
});

describe('deleted on another device after a change', () => {
  test('an improvement action or a call attempt removed elsewhere is listed with its case, and leads to the restore offer', async () => {
    fx = await servicesFixture();
    const offer = (id: string) => ({
      id: `conflict-${id}`,
      path: '',
      kind: 'deleted' as const,
      current: null,
      incoming: null,
      deviceId: 'device-elsewhere-01',
      userId: OWNER,
      at: '2026-05-01T09:40:00.000Z',
    });
    await applyPullPage(
      fx.store.db,
      fx.store.cipher,
      pullPage({
        records: [
          serverRecord({
            id: 'observation-00d1',
            fields: { kind: 'frontline-practice', status: 'draft', 'context.caseId': 'AC-2001' },
          }),
          serverRecord({
            id: 'observation-00d2',
            deleted: true,
            fields: { kind: 'frontline-practice', status: 'draft', 'context.caseId': 'AC-2002' },
            conflicts: [offer('observation-00d2')],
          }),
          serverRecord({
            id: 'action-00d1',
            type: 'action',
            parentId: 'observation-00d1',
            deleted: true,
            fields: { what: 'Phone the grandmother', status: 'open' },
            conflicts: [offer('action-00d1')],
          }),
          serverRecord({
            id: 'call-00d1',
            type: 'call-attempt',
            parentId: 'observation-00d1',
            deleted: true,
            fields: { outcome: 'no-answer', at: '2026-05-01T09:00:00.000Z' },
            conflicts: [offer('call-00d1')],
          }),
        ],
      }),
    );
    render(
      <fx.Wrapper>
        <LocationProvider>
          <HomePage />
        </LocationProvider>
      </fx.Wrapper>,
    );
    const list = await screen.findByTestId('deleted-elsewhere');
    const links = await within(list).findAllByRole('link');
    expect(
      links.map((a) => [a.textContent, new URL(a.getAttribute('href')!, 'https://t').pathname]),
    ).toEqual(
      expect.arrayContaining([
        ['Case AC-2002', '/observations/observation-00d2'],
        [
          'An improvement action in case AC-2001: ‘Phone the grandmother’',
          '/observations/observation-00d1/actions/action-00d1',
        ],
        ['A call attempt in case AC-2001', '/observations/observation-00d1/calls'],
      ]),
    );
    expect(links).toHaveLength(3);
  });
});

describe('answers waiting for a decision, in the lists', () => {
  /** Two saves of one note from the same text, over the same words: one text is kept aside. */
  async function typedInTwoWindows(id: string) {
    const { db, cipher } = fx!.store;
    const note = 'summary.strengths';
    const from = { version: 1, values: { [note]: 'On time.' }, text: [note] };
    for (const text of ['On time. Window A.', 'On time. Window B.']) {
      await saveFields(db, cipher, {
        recordId: id,
        type: 'observation',
        changes: { [note]: text },
        startedFrom: from,
      });
    }
  }

  test('a text kept aside on this tablet marks its observation, counted with the server’s conflicts', async () => {
    fx = await servicesFixture();
    const { db, cipher } = fx.store;
    const draft = (id: string, caseId: string, conflicts: SyncRecord['conflicts'] = []) =>
      serverRecord({
        id,
        fields: {
          kind: 'frontline-practice',
          status: 'draft',
          'context.caseId': caseId,
          'summary.strengths': 'On time.',
        },
        conflicts,
      });
    const serverConflict = {
      id: 'conflict-server-01',
      path: 'summary.areasForDevelopment',
      kind: 'text' as const,
      current: 'Theirs',
      incoming: 'Mine',
      deviceId: 'device-elsewhere-01',
      userId: OWNER,
      at: '2026-05-01T09:40:00.000Z',
    };
    await applyPullPage(
      db,
      cipher,
      pullPage({
        records: [
          draft('observation-0k01', 'KT-0001'),
          draft('observation-0k02', 'KT-0002', [serverConflict]),
          draft('observation-0k03', 'KT-0003'),
        ],
      }),
    );
    await typedInTwoWindows('observation-0k01');
    await typedInTwoWindows('observation-0k02');
    render(
      <fx.Wrapper>
        <LocationProvider>
          <HomePage />
        </LocationProvider>
      </fx.Wrapper>,
    );
    const table = await screen.findByRole('table', { name: 'Your drafts' });
    const rowOf = async (caseId: string) =>
      (await within(table).findAllByRole('row')).find((r) => r.textContent?.includes(caseId))!;
    const kept = await rowOf('KT-0001');
    await within(kept).findByText('Changed in two places');
    expect(within(kept).getByTestId('needs-decision').textContent).toBe(
      '1 answer needs your decision',
    );
    const both = await rowOf('KT-0002');
    expect(within(both).getByText('Edited on another device')).toBeDefined();
    expect(within(both).getByTestId('needs-decision').textContent).toBe(
      '2 answers need your decision',
    );
    const neither = await rowOf('KT-0003');
    expect(within(neither).queryByTestId('needs-decision')).toBeNull();
  });
});
