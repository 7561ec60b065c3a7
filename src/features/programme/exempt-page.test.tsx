import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { localOnlyWork, readSealed } from '../../db';
import { servicesFixture } from '../../../tests/helpers/services-fixture';
import type { ServicesFixture } from '../../../tests/helpers/services-fixture';
import { showPage } from '../../../tests/helpers/show-page';
import { answerRequests } from '../../../tests/helpers/server-answers';
import type { SentRequest } from '../../../tests/helpers/server-answers';
import { ExemptPage } from './exempt-page';

const ID = 'assign-exempt-01';
const DRAFT = `scratch:form:exempt:${ID}` as const;
const NOTE = 'On leave from 3 to 21 March';
const AUDIT = {
  id: ID,
  scopeId: 'scope-practice-group-a',
  kind: 'single-case-audit',
  observerUserId: 'user-robin-0001',
  observerName: 'Robin Shah',
  teamName: 'Hillside',
  caseId: 'AB-4101',
  dueDate: '2099-01-31',
  state: 'due',
};
/** An observation of a CP chair that its observer has started on their tablet. */
const STARTED = {
  id: 'assign-exempt-02',
  scopeId: 'scope-practice-group-a',
  kind: 'cp-conference-chairing',
  observerUserId: 'user-robin-0001',
  observerName: 'Robin Shah',
  teamName: 'Hillside',
  observedName: 'Cat Chair',
  observationId: 'obs-started-0002',
  dueDate: '2099-03-31',
  state: 'due',
};

let fx: ServicesFixture | undefined;
let sent: SentRequest[] = [];
beforeEach(() => {
  sent = answerRequests(({ method }) =>
    method === 'POST' ? { ...AUDIT, state: 'exempted' } : { assignments: [AUDIT, STARTED] },
  );
});
afterEach(async () => {
  vi.unstubAllGlobals();
  await fx?.store.close();
  fx = undefined;
});

const show = (f: ServicesFixture, id = ID) => showPage(f, <ExemptPage id={id} />);

describe('exempting an assignment', () => {
  test('the note survives the idle lock, and its draft goes once the exemption is sent', async () => {
    fx = await servicesFixture();
    const f = fx;
    const first = show(f);
    fireEvent.click(screen.getByLabelText('Leave'));
    fireEvent.input(screen.getByLabelText('Note (optional)'), { target: { value: NOTE } });
    await waitFor(async () =>
      expect(await readSealed(f.store.db, f.store.cipher, DRAFT)).toEqual({
        reason: 'leave',
        note: NOTE,
      }),
    );
    first.unmount();
    show(f);
    await waitFor(() =>
      expect((screen.getByLabelText('Note (optional)') as HTMLTextAreaElement).value).toBe(NOTE),
    );
    expect((screen.getByLabelText('Leave') as HTMLInputElement).checked).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Exempt the assignment' }));
    await waitFor(async () =>
      expect(await readSealed(f.store.db, f.store.cipher, DRAFT)).toBeUndefined(),
    );
    expect(sent.filter((r) => r.method === 'POST').map((r) => r.body)).toEqual([
      { reason: 'leave', note: NOTE },
    ]);
    expect((await localOnlyWork(f.store.db, f.store.cipher)).unfinished).toBe(0);
  });

  test('says which audit is exempted, and that only the auditor’s leave or sickness will do', async () => {
    fx = await servicesFixture();
    show(fx);
    const summary = await screen.findByText('Case AB-4101');
    expect(summary.closest('dl')?.textContent).toContain('Robin Shah');
    expect(screen.getByText('31 January 2099')).toBeTruthy();
    expect(
      screen.getByText('An audit may be exempted only for the auditor’s leave or sickness.'),
    ).toBeTruthy();
  });

  test('an observation its observer has started: worded for an observation, and says what stays', async () => {
    fx = await servicesFixture();
    show(fx, STARTED.id);
    await screen.findByText('Cat Chair');
    expect(
      screen.getByText('An assignment may be exempted only for the observer’s leave or sickness.'),
    ).toBeTruthy();
    expect(
      screen.getByText(
        'Robin Shah has started this on their tablet. Exempting it leaves what they recorded as it is.',
      ),
    ).toBeTruthy();
    expect(screen.queryByText(/auditor’s leave/)).toBeNull();
  });
});
