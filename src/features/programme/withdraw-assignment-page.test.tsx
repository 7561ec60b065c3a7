import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { localOnlyWork, readSealed } from '../../db';
import { servicesFixture } from '../../../tests/helpers/services-fixture';
import type { ServicesFixture } from '../../../tests/helpers/services-fixture';
import { showPage } from '../../../tests/helpers/show-page';
import { answerRequests } from '../../../tests/helpers/server-answers';
import type { SentRequest } from '../../../tests/helpers/server-answers';
import { WithdrawAssignmentPage } from './withdraw-assignment-page';

const ID = 'assign-withdraw-01';
const DRAFT = `scratch:form:withdraw:${ID}` as const;
const REASON = 'Planned twice for the same case';

const assignment = {
  id: ID,
  scopeId: 'scope-practice-group-a',
  kind: 'single-case-audit',
  observerUserId: 'user-robin-0001',
  observerName: 'Robin Shah',
  dueDate: '2099-01-31',
  state: 'due',
};

let fx: ServicesFixture | undefined;
let sent: SentRequest[] = [];
beforeEach(() => {
  sent = answerRequests(({ method }) =>
    method === 'POST'
      ? { id: ID, withdrawnAt: '2026-05-01T09:00:00.000Z' }
      : { assignments: [assignment] },
  );
});
afterEach(async () => {
  vi.unstubAllGlobals();
  await fx?.store.close();
  fx = undefined;
});

const show = (f: ServicesFixture) => showPage(f, <WithdrawAssignmentPage id={ID} />);

const reasonBox = () =>
  screen.findByLabelText('Why is it being withdrawn?') as Promise<HTMLTextAreaElement>;

describe('withdrawing an assignment', () => {
  test('the reason survives the idle lock, and its draft goes once the withdrawal is sent', async () => {
    fx = await servicesFixture();
    const f = fx;
    const first = show(f);
    fireEvent.input(await reasonBox(), { target: { value: REASON } });
    await waitFor(async () =>
      expect(await readSealed(f.store.db, f.store.cipher, DRAFT)).toBe(REASON),
    );
    expect((await localOnlyWork(f.store.db, f.store.cipher)).unfinished).toBe(1);
    // The idle lock closes every screen; the page opens again after the unlock.
    first.unmount();
    show(f);
    await waitFor(async () => expect((await reasonBox()).value).toBe(REASON));
    fireEvent.click(screen.getByRole('button', { name: 'Withdraw the assignment' }));
    await waitFor(async () =>
      expect(await readSealed(f.store.db, f.store.cipher, DRAFT)).toBeUndefined(),
    );
    expect(sent.filter((r) => r.method === 'POST').map((r) => r.body)).toEqual([
      { reason: REASON },
    ]);
    expect((await localOnlyWork(f.store.db, f.store.cipher)).unfinished).toBe(0);
  });

  test('typed and rubbed out, it leaves nothing to count at sign-out', async () => {
    fx = await servicesFixture();
    const f = fx;
    show(f);
    const box = await reasonBox();
    fireEvent.input(box, { target: { value: REASON } });
    await waitFor(async () =>
      expect(await readSealed(f.store.db, f.store.cipher, DRAFT)).toBe(REASON),
    );
    fireEvent.input(box, { target: { value: '' } });
    await waitFor(async () =>
      expect(await readSealed(f.store.db, f.store.cipher, DRAFT)).toBeUndefined(),
    );
    expect((await localOnlyWork(f.store.db, f.store.cipher)).unfinished).toBe(0);
  });
});
