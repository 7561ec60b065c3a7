import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { localOnlyWork, readSealed } from '../../db';
import { servicesFixture } from '../../../tests/helpers/services-fixture';
import type { ServicesFixture } from '../../../tests/helpers/services-fixture';
import { showPage } from '../../../tests/helpers/show-page';
import {
  ONE_OBSERVER_DIRECTORY,
  WITH_GUEST_DIRECTORY,
  answerPlanning,
  answerRequests,
} from '../../../tests/helpers/server-answers';
import type { SentRequest } from '../../../tests/helpers/server-answers';
import { ExpectationPage } from './expectation-page';

const DRAFT = 'scratch:form:programme:expectation';

let fx: ServicesFixture | undefined;
let sent: SentRequest[] = [];
beforeEach(() => {
  sent = answerPlanning();
});
afterEach(async () => {
  vi.unstubAllGlobals();
  await fx?.store.close();
  fx = undefined;
});

const show = (f: ServicesFixture) => showPage(f, <ExpectationPage />);

describe('planning a recurring expectation', () => {
  test('the title begins “Error:” while the error summary shows', async () => {
    fx = await servicesFixture();
    show(fx);
    await expect
      .poll(() => document.title)
      .toBe('Plan a recurring expectation – Practice observations');
    fireEvent.click(screen.getByRole('button', { name: 'Plan the assignments' }));
    await screen.findByRole('link', { name: 'Select what is observed' });
    await expect
      .poll(() => document.title)
      .toBe('Error: Plan a recurring expectation – Practice observations');
  });

  test('the plan and its people survive the idle lock, and the draft goes once planned', async () => {
    fx = await servicesFixture();
    const f = fx;
    const first = show(f);
    await screen.findAllByRole('option', { name: 'Robin Shah' });
    expect(await readSealed(f.store.db, f.store.cipher, DRAFT)).toBeUndefined();
    fireEvent.click(screen.getByLabelText('Frontline practice observation'));
    fireEvent.click(screen.getByLabelText('A year'));
    fireEvent.change(screen.getByLabelText('Who observes'), {
      target: { value: 'user-robin-0001' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Add to the plan' }));
    await waitFor(async () =>
      expect(await readSealed(f.store.db, f.store.cipher, DRAFT)).toMatchObject({
        kind: 'frontline-practice',
        rows: [{ observerUserId: 'user-robin-0001' }],
      }),
    );
    first.unmount();
    show(f);
    await screen.findByRole('rowheader', { name: 'Robin Shah' });
    expect(
      (screen.getByLabelText('Frontline practice observation') as HTMLInputElement).checked,
    ).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Plan the assignments' }));
    await waitFor(async () =>
      expect(await readSealed(f.store.db, f.store.cipher, DRAFT)).toBeUndefined(),
    );
    expect(sent.map((r) => `${r.method} ${r.path}`)).toContain('POST /api/programme/expectations');
    expect(screen.queryByRole('table')).toBeNull();
    expect((await localOnlyWork(f.store.db, f.store.cipher)).unfinished).toBe(0);
  });

  test('a guest observer can be chosen to observe, named as a guest, but never as the one observed', async () => {
    answerPlanning(WITH_GUEST_DIRECTORY);
    fx = await servicesFixture();
    show(fx);
    await screen.findAllByRole('option', { name: 'Gina Guest (guest observer)' });
    const options = (label: string) =>
      [...(screen.getByLabelText(label) as HTMLSelectElement).options].map((o) => o.textContent);
    expect(options('Who observes')).toContain('Gina Guest (guest observer)');
    expect(options('Who is observed (optional)')).toContain('Pat Practitioner');
    expect(options('Who is observed (optional)').join()).not.toContain('Gina');
  });

  // The observer can share the observation only with someone of its team, so nobody of another
  // team is offered as the one observed: one of CIN team 2 was offered for a plan of CIN team 1.
  test('only people of the team chosen are offered as the one observed', async () => {
    answerPlanning({
      people: [
        ...WITH_GUEST_DIRECTORY.people,
        {
          id: 'user-quinn-0001',
          displayName: 'Quinn Other',
          role: 'practitioner',
          scopeIds: ['scope-practice-group-b'],
        },
      ],
    });
    fx = await servicesFixture({
      user: {
        id: 'user-qa-lead-0001',
        email: 'qa@example.org',
        displayName: 'Quality Lead',
        role: 'qa-lead',
        scopes: [
          {
            id: 'scope-practice-group-a',
            name: 'CIN team 2',
            kind: 'practice-group',
            parentId: 'scope-service-0001',
          },
          {
            id: 'scope-practice-group-b',
            name: 'CIN team 1',
            kind: 'practice-group',
            parentId: 'scope-service-0001',
          },
        ],
      },
    });
    show(fx);
    await screen.findAllByRole('option', { name: 'Robin Shah' });
    const observed = () => screen.getByLabelText('Who is observed (optional)') as HTMLSelectElement;
    const options = () => [...observed().options].map((o) => o.textContent);
    expect(options()).toContain('Pat Practitioner');
    expect(options()).not.toContain('Quinn Other');
    fireEvent.change(observed(), { target: { value: 'user-pat-0001' } });
    fireEvent.change(screen.getByLabelText('Team'), {
      target: { value: 'scope-practice-group-b' },
    });
    await waitFor(() => expect(options()).toContain('Quinn Other'));
    expect(options()).not.toContain('Pat Practitioner');
    expect(observed().value).toBe('');
  });

  test('one assignment planned is said in the singular', async () => {
    answerRequests(({ path }) =>
      path === '/api/directory'
        ? ONE_OBSERVER_DIRECTORY
        : {
            assignments: [
              {
                id: 'assign-one-0001',
                scopeId: 'scope-practice-group-a',
                kind: 'frontline-practice',
                observerUserId: 'user-robin-0001',
                dueDate: '2099-03-31',
                state: 'due',
              },
            ],
          },
    );
    fx = await servicesFixture();
    show(fx);
    await screen.findAllByRole('option', { name: 'Robin Shah' });
    fireEvent.click(screen.getByLabelText('Frontline practice observation'));
    fireEvent.click(screen.getByLabelText('A year'));
    fireEvent.change(screen.getByLabelText('Who observes'), {
      target: { value: 'user-robin-0001' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Add to the plan' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Plan the assignments' }));
    await screen.findByText('1 assignment planned.');
  });
});
