import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { LocationProvider } from 'preact-iso';
import { afterEach, describe, expect, test } from 'vitest';
import { servicesFixture } from '../../../tests/helpers/services-fixture';
import type { ServicesFixture } from '../../../tests/helpers/services-fixture';
import { readSealed } from '../../db';
import { ConcernPage } from './concern-page';

let fx: ServicesFixture;
afterEach(async () => {
  await fx.store.close();
});

/** Shows the page once the concern kept from before (if any) is read back and the form is there. */
async function show(f: ServicesFixture) {
  const view = render(
    <f.Wrapper>
      <LocationProvider>
        <ConcernPage />
      </LocationProvider>
    </f.Wrapper>,
  );
  await waitFor(() => expect(screen.queryByText('Opening…')).toBeNull());
  return view;
}

describe('reporting a safety concern', () => {
  test('nothing is sent until what, the case and who was told are given', async () => {
    fx = await servicesFixture();
    await show(fx);
    fireEvent.click(screen.getByRole('button', { name: 'Send the safety concern now' }));
    await screen.findByText('There is a problem');
    expect(screen.getAllByText('Enter what the safety concern is').length).toBeGreaterThan(0);
    expect(screen.getAllByText(/Enter who you have told/).length).toBeGreaterThan(0);
    expect(fx.raised).toEqual([]);
  });

  test('a complete concern is sent on its own route with who was told and when', async () => {
    fx = await servicesFixture();
    await show(fx);
    fireEvent.input(screen.getByLabelText('What is the concern?'), {
      target: { value: 'Bruising seen on the younger child' },
    });
    fireEvent.input(screen.getByLabelText('Case ID'), { target: { value: 'AB-1234' } });
    fireEvent.input(screen.getByLabelText('Name'), { target: { value: 'Jo Duty' } });
    fireEvent.input(screen.getByLabelText('Role'), { target: { value: 'Duty manager' } });
    fireEvent.input(screen.getByLabelText('Time you told them'), { target: { value: '10:42' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send the safety concern now' }));
    await waitFor(() => expect(fx.raised).toHaveLength(1));
    const sent = fx.raised[0]!;
    expect(sent.scopeId).toBe('scope-practice-group-a');
    expect(sent.concern).toMatchObject({
      caseId: 'AB-1234',
      what: 'Bruising seen on the younger child',
    });
    expect(sent.concern.whoWasTold).toEqual([
      { name: 'Jo Duty', role: 'Duty manager', at: expect.stringMatching(/T\d{2}:42:00\.000Z$/) },
    ]);
  });

  test('a name where the case ID belongs is refused', async () => {
    fx = await servicesFixture();
    await show(fx);
    fireEvent.input(screen.getByLabelText('What is the concern?'), { target: { value: 'x' } });
    fireEvent.input(screen.getByLabelText('Case ID'), { target: { value: 'Jane Smith' } });
    fireEvent.input(screen.getByLabelText('Name'), { target: { value: 'Jo Duty' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send the safety concern now' }));
    await screen.findByText('There is a problem');
    expect(fx.raised).toEqual([]);
  });

  test('offline, it says plainly to phone now, with the duty number, that nothing is sent yet, and claims nothing of the Director', async () => {
    fx = await servicesFixture({ online: false });
    await show(fx);
    expect(screen.getByText('No signal: phone now')).toBeTruthy();
    const phone = screen.getByRole('link', { name: '020 7946 0000' });
    expect(phone.getAttribute('href')).toBe('tel:02079460000');
    expect(screen.getByTestId('duty-phone').textContent).toBe(
      'Phone the duty team now on 020 7946 0000 and follow your local procedure for telling the Director of Children’s Social Care.',
    );
    expect(document.body.textContent).toContain(
      'The app keeps the concern and sends it by itself as soon as there is a signal. Until then it is not sent.',
    );
    expect(document.body.textContent).not.toMatch(/straight away|being told/);
    // The button says what it does with no signal: it keeps the concern, it does not send it.
    expect(
      screen.getByRole('button', { name: 'Keep the concern to send when there is a signal' }),
    ).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Send the safety concern now' })).toBeNull();
  });

  test('online, it promises nothing it cannot know: the next page says how the Director is told', async () => {
    fx = await servicesFixture();
    await show(fx);
    expect(document.body.textContent).toContain(
      'When you send it, the concern goes to the server ahead of anything else waiting to be sent. The next page says how the Director of Children’s Social Care is being told, and whether you need to phone as well.',
    );
    expect(document.body.textContent).not.toMatch(/straight away|being told now/);
  });

  test('once sent, the server’s answer (how the Director is told) is kept on the tablet for the next page', async () => {
    const notice = {
      email: null,
      webhook: { state: 'queued', sentAt: null },
      inApp: true,
    } as const;
    fx = await servicesFixture({ directorNotice: notice });
    await show(fx);
    fireEvent.input(screen.getByLabelText('What is the concern?'), { target: { value: 'x' } });
    fireEvent.input(screen.getByLabelText('Case ID'), { target: { value: 'AB-1234' } });
    fireEvent.input(screen.getByLabelText('Name'), { target: { value: 'Jo Duty' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send the safety concern now' }));
    await waitFor(() => expect(fx.raised).toHaveLength(1));
    const id = fx.raised[0]!.concern.id;
    await waitFor(async () =>
      expect(await readSealed(fx.store.db, fx.store.cipher, 'report:concern-status')).toMatchObject(
        { path: `/api/concerns/${id}`, value: { directorNotice: notice, concern: { id } } },
      ),
    );
  });

  test('what is typed is on the tablet at once: it comes back after the app locks, and goes once raised', async () => {
    fx = await servicesFixture();
    const first = await show(fx);
    fireEvent.input(screen.getByLabelText('What is the concern?'), {
      target: { value: 'Typed before the tablet locked itself' },
    });
    fireEvent.input(screen.getByLabelText('Case ID'), { target: { value: 'AB-1234' } });
    fireEvent.input(screen.getByLabelText('Name'), { target: { value: 'Jo Duty' } });
    // The idle lock closes every screen; the page is opened again after the unlock.
    await waitFor(async () => {
      const kept = await readSealed<{ what: string }>(
        fx.store.db,
        fx.store.cipher,
        'scratch:form:concern:none',
      );
      expect(kept?.what).toBe('Typed before the tablet locked itself');
    });
    first.unmount();
    await show(fx);
    await waitFor(() =>
      expect((screen.getByLabelText('What is the concern?') as HTMLTextAreaElement).value).toBe(
        'Typed before the tablet locked itself',
      ),
    );
    expect((screen.getByLabelText('Case ID') as HTMLInputElement).value).toBe('AB-1234');
    expect((screen.getByLabelText('Name') as HTMLInputElement).value).toBe('Jo Duty');
    fireEvent.click(screen.getByRole('button', { name: 'Send the safety concern now' }));
    await waitFor(() => expect(fx.raised).toHaveLength(1));
    expect(fx.raised[0]!.concern.what).toBe('Typed before the tablet locked itself');
    await waitFor(async () =>
      expect(
        await readSealed(fx.store.db, fx.store.cipher, 'scratch:form:concern:none'),
      ).toBeUndefined(),
    );
  });
});
