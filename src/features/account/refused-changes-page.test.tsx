// Every refused change is in one place, whatever record it was a change to: a refused
// improvement action (which the observation's own screens never showed) with its reason and
// the words typed, kept until the person says they have read it.
import { fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, test } from 'vitest';
import { servicesFixture } from '../../../tests/helpers/services-fixture';
import type { ServicesFixture } from '../../../tests/helpers/services-fixture';
import { listRejections, recordPushResults, saveFields } from '../../db';
import { RefusedChangesPage } from './refused-changes-page';

let fx: ServicesFixture | undefined;
afterEach(async () => {
  await fx?.store.close();
  fx = undefined;
});

describe('the changes the server did not accept', () => {
  test('a refused action is listed with its reason and words, and goes once read', async () => {
    fx = await servicesFixture();
    const { db, cipher } = fx.store;
    await saveFields(db, cipher, {
      recordId: 'obs-0001-aaaa',
      type: 'observation',
      scopeId: 'scope-practice-group-a',
      changes: { status: 'draft' },
    });
    await saveFields(db, cipher, {
      recordId: 'act-0001-aaaa',
      type: 'action',
      parentId: 'obs-0001-aaaa',
      changes: { what: 'Words typed on a team the person had just left' },
    });
    await recordPushResults(db, cipher, {
      results: [
        { id: 1, status: 'applied' },
        {
          id: 2,
          status: 'rejected',
          code: 'FORBIDDEN_SCOPE',
          message: 'You are no longer in this team, so this change was not saved.',
        },
      ],
      lastMutationId: 2,
      serverTime: '2026-12-01T10:00:00.000Z',
    });
    render(
      <fx.Wrapper>
        <RefusedChangesPage />
      </fx.Wrapper>,
    );
    await screen.findByRole('heading', { name: /^An improvement action, changed/ });
    expect(
      screen.getByText('You are no longer in this team, so this change was not saved.'),
    ).toBeTruthy();
    expect(
      screen.getByText('What you entered: Words typed on a team the person had just left'),
    ).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Open the observation' }).getAttribute('href')).toBe(
      '/observations/obs-0001-aaaa',
    );
    fireEvent.click(screen.getByRole('button', { name: 'I have read this refused change' }));
    await screen.findByText('There are none: every change you made was accepted.');
    // The button pressed has gone: the keyboard is on a confirmation, not the page body.
    const confirmation = screen.getByTestId('confirmation');
    expect(confirmation.textContent).toBe(
      'Marked as read. That refused change is no longer listed.',
    );
    expect(document.activeElement).toBe(confirmation);
    expect(await listRejections(db, cipher)).toEqual([]);
  });

  test('an observation refused because its assignment went to someone else keeps the words typed, not the assignment’s id', async () => {
    fx = await servicesFixture();
    const { db, cipher } = fx.store;
    await saveFields(db, cipher, {
      recordId: 'obs-0002-aaaa',
      type: 'observation',
      scopeId: 'scope-practice-group-a',
      changes: {
        status: 'draft',
        'context.assignmentId': 'assign-0002-aaaa',
        'summary.strengths': 'Calm, clear chairing',
      },
    });
    const message =
      'The QA lead gave this assignment to someone else before your observation reached the server, so the observation could not be saved.';
    await recordPushResults(db, cipher, {
      results: [{ id: 1, status: 'rejected', code: 'ASSIGNMENT_REASSIGNED', message }],
      lastMutationId: 1,
      serverTime: '2026-12-01T10:00:00.000Z',
    });
    render(
      <fx.Wrapper>
        <RefusedChangesPage />
      </fx.Wrapper>,
    );
    await screen.findByText(message);
    expect(screen.getByText('What you entered: Calm, clear chairing')).toBeTruthy();
    expect(screen.queryByText(/assign-0002-aaaa/)).toBeNull();
  });
});
