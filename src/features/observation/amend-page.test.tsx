import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { LocationProvider } from 'preact-iso';
import { afterEach, describe, expect, test } from 'vitest';
import { localOnlyWork, readSealed, saveFields } from '../../db';
import { servicesFixture } from '../../../tests/helpers/services-fixture';
import type { ServicesFixture } from '../../../tests/helpers/services-fixture';
import { AmendPage } from './amend-page';
import { endAmendSession } from './amend-session';

const ID = 'obs-amend-0001';
const DRAFT = `scratch:form:amend-reason:${ID}` as const;

let fx: ServicesFixture | undefined;
afterEach(async () => {
  if (fx) await endAmendSession(fx.store, ID);
  await fx?.store.close();
  fx = undefined;
});

async function submitted() {
  fx = await servicesFixture();
  await saveFields(fx.store.db, fx.store.cipher, {
    recordId: ID,
    type: 'observation',
    scopeId: 'scope-practice-group-a',
    changes: {
      kind: 'frontline-practice',
      templateId: 'frontline-practice',
      templateVersion: 1,
      status: 'submitted',
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
