// Signing out counts a safety concern still waiting for a signal as unsent work: the page says
// so, tells the person to phone, and asks before anything is erased (with nothing waiting it
// signs out and erases at once).
import { fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { servicesFixture } from '../../../tests/helpers/services-fixture';
import type { ServicesFixture } from '../../../tests/helpers/services-fixture';
import { queueConcern, saveFields, writeScratch, writeSealedNow } from '../../db';
import { SignOutPage } from './sign-out-page';

let fx: ServicesFixture | undefined;
afterEach(async () => {
  await fx?.store.close();
  fx = undefined;
});

async function signOutPage(
  answer: (fx: ServicesFixture) => Promise<'signed-out' | 'recounted'> = async () => 'signed-out',
) {
  const choices: string[] = [];
  const shown: (number | undefined)[] = [];
  const f: ServicesFixture = await servicesFixture({
    signOut: async (choice, count) => {
      choices.push(choice);
      shown.push(count);
      return answer(f);
    },
  });
  fx = f;
  return { fx: f, choices, shown };
}

const waitingConcern = {
  scopeId: 'scope-practice-group-a',
  concern: {
    id: 'concern-0001-aaaa',
    caseId: 'SO-1001',
    what: 'The baby was left alone upstairs.',
    raisedAt: '2026-12-01T10:00:00.000Z',
    whoWasTold: [],
  },
};

describe('the sign-out page', () => {
  test('a waiting safety concern alone is unsent work: named, with a prompt to phone, kept unless deleted', async () => {
    const { fx, choices } = await signOutPage();
    await queueConcern(fx.store.db, fx.store.cipher, waitingConcern);
    render(
      <fx.Wrapper>
        <SignOutPage />
      </fx.Wrapper>,
    );
    await screen.findByRole('heading', { name: '1 safety concern has not been sent' });
    expect(screen.getByText(/has not reached anyone/)).toBeTruthy();
    fireEvent.click(screen.getByLabelText('Sign out and keep them on this tablet'));
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(choices).toEqual(['keep']);
  });

  test('changes and a concern are named together', async () => {
    const { fx } = await signOutPage();
    await queueConcern(fx.store.db, fx.store.cipher, waitingConcern);
    await saveFields(fx.store.db, fx.store.cipher, {
      recordId: 'obs-0001-aaaa',
      type: 'observation',
      scopeId: 'scope-practice-group-a',
      changes: { 'summary.strengths': 'Listened well' },
    });
    render(
      <fx.Wrapper>
        <SignOutPage />
      </fx.Wrapper>,
    );
    await screen.findByRole('heading', {
      name: '1 change and 1 safety concern have not been sent',
    });
  });

  test('an unfinished entry (half a case ID) is kept unless deleted on purpose', async () => {
    const { fx, choices } = await signOutPage();
    await writeScratch(fx.store.db, fx.store.cipher, 'obs-0001-aaaa', 'context.caseId', 'AB-12');
    render(
      <fx.Wrapper>
        <SignOutPage />
      </fx.Wrapper>,
    );
    await screen.findByRole('heading', { name: '1 unfinished entry only on this tablet' });
    expect(screen.queryByText(/has not reached anyone/)).toBeNull();
    fireEvent.click(screen.getByLabelText('Sign out and keep them on this tablet'));
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(choices).toEqual(['keep']);
  });

  test('a draft written in another window (without Dexie) shows in the count at once', async () => {
    const { fx } = await signOutPage();
    render(
      <fx.Wrapper>
        <SignOutPage />
      </fx.Wrapper>,
    );
    await screen.findByText(/Everything you did on this tablet has been sent/);
    await writeSealedNow(fx.store.db, fx.store.cipher, 'scratch:form:concern:new', {
      what: 'Typed in another window',
    });
    await screen.findByRole('heading', { name: '1 unfinished entry only on this tablet' });
  });

  test('more saved elsewhere as the person signs out: nothing is done, the page says so and asks again', async () => {
    const { fx, choices, shown } = await signOutPage(async (f) => {
      // The other window saved what was typed in it as it was asked to.
      await writeScratch(f.store.db, f.store.cipher, 'obs-0001-aaaa', 'context.caseId', 'AB-12');
      return 'recounted';
    });
    render(
      <fx.Wrapper>
        <SignOutPage />
      </fx.Wrapper>,
    );
    await screen.findByText(/Everything you did on this tablet has been sent/);
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    await screen.findByRole('heading', { name: '1 unfinished entry only on this tablet' });
    expect(screen.getByText(/More of your work was saved as you signed out/)).toBeTruthy();
    expect(choices).toEqual(['erase']);
    expect(shown).toEqual([0]);
    // A choice is asked for again, made with what is shown now.
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    await screen.findByText('Select what to do with the changes not sent');
    fireEvent.click(screen.getByLabelText('Sign out and delete them'));
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    await vi.waitFor(() => expect(choices).toEqual(['erase', 'discard']));
    expect(shown).toEqual([0, 1]);
  });

  test('with nothing waiting it signs out and erases', async () => {
    const { fx, choices } = await signOutPage();
    render(
      <fx.Wrapper>
        <SignOutPage />
      </fx.Wrapper>,
    );
    await screen.findByText(/Everything you did on this tablet has been sent/);
    expect(screen.queryByText(/has not reached anyone/)).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(choices).toEqual(['erase']);
  });
});
