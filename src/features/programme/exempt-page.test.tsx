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

let fx: ServicesFixture | undefined;
let sent: SentRequest[] = [];
beforeEach(() => {
  sent = answerRequests(() => ({
    id: ID,
    scopeId: 'scope-practice-group-a',
    kind: 'single-case-audit',
    observerUserId: 'user-robin-0001',
    dueDate: '2099-01-31',
    state: 'exempted',
  }));
});
afterEach(async () => {
  vi.unstubAllGlobals();
  await fx?.store.close();
  fx = undefined;
});

const show = (f: ServicesFixture) => showPage(f, <ExemptPage id={ID} />);

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
    expect(sent.map((r) => r.body)).toEqual([{ reason: 'leave', note: NOTE }]);
    expect((await localOnlyWork(f.store.db, f.store.cipher)).unfinished).toBe(0);
  });
});
