import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { LocationProvider } from 'preact-iso';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { DEFAULT_LOCAL_SETTINGS } from '../../../schemas/entities/local-settings';
import type { LocalSettings } from '../../../schemas/entities/local-settings';
import { localOnlyWork, readSealed } from '../../db';
import { servicesFixture } from '../../../tests/helpers/services-fixture';
import type { ServicesFixture } from '../../../tests/helpers/services-fixture';
import { answerRequests } from '../../../tests/helpers/server-answers';
import { LegalPagesPage } from './legal-pages-page';
import { SettingsPage } from './settings-page';

let fx: ServicesFixture | undefined;
let stored: LocalSettings;
let puts: unknown[] = [];
beforeEach(() => {
  stored = DEFAULT_LOCAL_SETTINGS;
  puts = [];
  // The server's settings routes, as far as these screens use them.
  answerRequests(({ method, body }) => {
    const patch = method === 'PUT' ? (body as Partial<LocalSettings>) : {};
    if (method === 'PUT') {
      puts.push(patch);
      stored = { ...stored, ...patch };
    }
    return {
      settings: stored,
      version: `v${puts.length}`,
      dutyPhoneSource: 'none',
      changed: Object.keys(patch),
    };
  });
});
afterEach(async () => {
  vi.unstubAllGlobals();
  await fx?.store.close();
  fx = undefined;
});

async function admin() {
  fx = await servicesFixture();
  fx.services.user = { ...fx.services.user, role: 'admin' };
  return fx;
}

const show = (f: ServicesFixture, Page: () => preact.JSX.Element) =>
  render(
    <f.Wrapper>
      <LocationProvider>
        <Page />
      </LocationProvider>
    </f.Wrapper>,
  );

const unfinished = async (f: ServicesFixture) =>
  (await localOnlyWork(f.store.db, f.store.cipher)).unfinished;

describe('administration forms keep what is typed through the idle lock', () => {
  test('the accessibility statement: back after a remount, and its draft gone once saved', async () => {
    const f = await admin();
    const first = show(f, LegalPagesPage);
    const box = (await screen.findByLabelText('Accessibility statement')) as HTMLTextAreaElement;
    expect(await unfinished(f)).toBe(0);
    const edited = `${box.value}\n\n## Contact us\n\nPhone the duty team.`;
    fireEvent.input(box, { target: { value: edited } });
    await waitFor(async () => expect(await unfinished(f)).toBe(1));
    first.unmount();
    show(f, LegalPagesPage);
    await waitFor(async () =>
      expect(
        ((await screen.findByLabelText('Accessibility statement')) as HTMLTextAreaElement).value,
      ).toBe(edited),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Save pages' }));
    await waitFor(() => expect(puts).toHaveLength(1));
    expect(puts[0]).toMatchObject({ accessibilityStatement: edited });
    await waitFor(async () =>
      expect(
        await readSealed(f.store.db, f.store.cipher, 'scratch:form:admin:legal-pages'),
      ).toBeUndefined(),
    );
    expect(await unfinished(f)).toBe(0);
  });

  test('the local settings: back after a remount, and the draft gone once saved', async () => {
    const f = await admin();
    const first = show(f, SettingsPage);
    const name = (await screen.findByLabelText('The authority’s name')) as HTMLInputElement;
    expect(await unfinished(f)).toBe(0);
    fireEvent.input(name, { target: { value: 'Northshire County Council' } });
    fireEvent.input(screen.getByLabelText('Minutes without use before the app locks'), {
      target: { value: '10' },
    });
    await waitFor(async () =>
      expect(
        await readSealed(f.store.db, f.store.cipher, 'scratch:form:admin:settings'),
      ).toMatchObject({ authorityName: 'Northshire County Council', idleLockMinutes: '10' }),
    );
    first.unmount();
    show(f, SettingsPage);
    await waitFor(async () =>
      expect(
        ((await screen.findByLabelText('The authority’s name')) as HTMLInputElement).value,
      ).toBe('Northshire County Council'),
    );
    expect(
      (screen.getByLabelText('Minutes without use before the app locks') as HTMLInputElement).value,
    ).toBe('10');
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(puts).toHaveLength(1));
    expect(puts[0]).toMatchObject({
      authorityName: 'Northshire County Council',
      idleLockMinutes: 10,
    });
    await waitFor(async () =>
      expect(
        await readSealed(f.store.db, f.store.cipher, 'scratch:form:admin:settings'),
      ).toBeUndefined(),
    );
    expect(await unfinished(f)).toBe(0);
    expect((screen.getByLabelText('The authority’s name') as HTMLInputElement).value).toBe(
      'Northshire County Council',
    );
  });
});

describe('local timescales on the settings page', () => {
  test('each says whether the law sets it; one made longer than the law is refused before it is sent', async () => {
    const f = await admin();
    show(f, SettingsPage);
    const group = (await screen.findByRole('group', {
      name: /^First review for a looked-after child/,
    })) as HTMLFieldSetElement;
    expect(group.textContent).toContain(
      'Statutory: 20 working days from the day the child became looked after',
    );
    const cin = screen.getByRole('group', { name: /^First child in need review/ });
    expect(cin.textContent).toContain(
      'No national timescale. Suggested: 3 months from the child in need plan.',
    );
    fireEvent.input(within(group).getByLabelText('Amount'), { target: { value: '60' } });
    fireEvent.click(within(group).getByLabelText('Working days'));
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    const summary = await screen.findByRole('alert');
    expect(summary.textContent).toContain(
      'First review for a looked-after child is a statutory timescale (20 working days from the day the child became looked after): a local timescale may be shorter, not longer than that',
    );
    expect(puts).toEqual([]);
  });
});

describe('numbers on the settings page', () => {
  const typeAndSave = async (label: RegExp, value: string) => {
    // One field wrong at a time, so the summary holds only its message.
    fireEvent.input(await screen.findByLabelText(label), { target: { value } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    return (await screen.findByRole('alert')).textContent;
  };

  test.each([
    [/^Minutes without use/, 'ten', 'the minutes without use before the app locks', '1 to 60'],
    [/^Minutes without use/, '0', 'the minutes without use before the app locks', '1 to 60'],
    [/^Minutes without use/, '61', 'the minutes without use before the app locks', '1 to 60'],
    [
      /^Hours a safety concern/,
      '0',
      'the hours a safety concern may wait for acknowledgement',
      '1 to 168',
    ],
    [/^Wrong unlock attempts/, '11', 'the number of wrong unlock attempts', '3 to 10'],
    [/^Wrong unlock attempts/, '2', 'the number of wrong unlock attempts', '3 to 10'],
    [/^Days a finished/, '-3', 'the days a finished, sent record stays on a tablet', '1 to 365'],
    [
      /^Days a tablet may go/,
      '1.5',
      'the days a tablet may go without reaching the server',
      '1 to 365',
    ],
  ])('%s given %j says what to enter and the range allowed', async (label, value, what, range) => {
    const f = await admin();
    show(f, SettingsPage);
    const text = await typeAndSave(label, value);
    const summary = screen.getByRole('alert');
    const wanted = new RegExp(`^Enter ${what} as a whole number from ${range}(, or leave|$)`);
    expect(within(summary).getByRole('link').textContent).toMatch(wanted);
    // No words meant for programmers.
    expect(text).not.toMatch(/NaN|expected|received|>=|<=|Invalid input|Too (small|big)/);
    const field = screen.getByLabelText(label);
    expect(field.getAttribute('aria-describedby') ?? '').toMatch(/error/);
    expect(puts).toEqual([]);
  });
});
