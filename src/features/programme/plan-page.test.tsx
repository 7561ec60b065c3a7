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
} from '../../../tests/helpers/server-answers';
import type { SentRequest } from '../../../tests/helpers/server-answers';
import { PlanPage } from './plan-page';

const PLAN = 'scratch:form:programme:plan';
const CSV = 'scratch:form:programme:plan-csv';
const FILE =
  'month,practice_group,case_id,auditor_email\n2099-01,CIN team 2,AB-4001,sam@example.org';

let fx: ServicesFixture | undefined;
let sent: SentRequest[] = [];
beforeEach(() => {
  // The directory and the planning calls answer as the server would; nothing else is reached.
  sent = answerPlanning();
});
afterEach(async () => {
  vi.unstubAllGlobals();
  await fx?.store.close();
  fx = undefined;
});

const show = (f: ServicesFixture) => showPage(f, <PlanPage />);

const kept = (key: typeof PLAN | typeof CSV) => readSealed(fx!.store.db, fx!.store.cipher, key);

describe('planning a month’s audits', () => {
  test('the title begins “Error:” while the error summary shows', async () => {
    fx = await servicesFixture();
    show(fx);
    await expect.poll(() => document.title).toBe('Plan a month’s audits – Practice observations');
    fireEvent.click(screen.getByRole('button', { name: 'Plan these audits' }));
    await screen.findByRole('link', { name: 'Enter a case ID for at least one group' });
    await expect
      .poll(() => document.title)
      .toBe('Error: Plan a month’s audits – Practice observations');
  });

  test('case IDs and a pasted file survive the idle lock, and each draft goes once sent', async () => {
    fx = await servicesFixture();
    const first = show(fx);
    // Opened and not touched: nothing is kept.
    await screen.findByRole('option', { name: 'Robin Shah' });
    expect(await kept(PLAN)).toBeUndefined();
    expect(await kept(CSV)).toBeUndefined();
    fireEvent.input(screen.getByLabelText('Case ID'), { target: { value: 'AB-4001' } });
    fireEvent.input(screen.getByLabelText('The file’s contents'), { target: { value: FILE } });
    await waitFor(async () => expect(await kept(CSV)).toBe(FILE));
    first.unmount();
    show(fx);
    await waitFor(() => {
      expect((screen.getByLabelText('Case ID') as HTMLInputElement).value).toBe('AB-4001');
      expect((screen.getByLabelText('The file’s contents') as HTMLTextAreaElement).value).toBe(
        FILE,
      );
    });

    fireEvent.click(screen.getByRole('button', { name: 'Import the selection' }));
    await waitFor(async () => expect(await kept(CSV)).toBeUndefined());
    expect(sent.map((r) => `${r.method} ${r.path}`)).toContain('POST /api/programme/audits/import');
    expect((screen.getByLabelText('The file’s contents') as HTMLTextAreaElement).value).toBe('');
    expect(await kept(PLAN)).toMatchObject({ cases: { 'scope-practice-group-a': 'AB-4001' } });

    await screen.findByRole('option', { name: 'Robin Shah' });
    fireEvent.change(screen.getByLabelText('Auditor'), { target: { value: 'user-robin-0001' } });
    fireEvent.click(screen.getByRole('button', { name: 'Plan these audits' }));
    await waitFor(async () => expect(await kept(PLAN)).toBeUndefined());
    expect(sent.map((r) => `${r.method} ${r.path}`)).toContain('POST /api/programme/assignments');
    expect((await localOnlyWork(fx.store.db, fx.store.cipher)).unfinished).toBe(0);
  });
});

describe('a plan sent again', () => {
  test('a press again after a lost answer sends the same plan id; a changed plan or the next one a new id', async () => {
    let lose = true;
    const sentPlans: { planId?: string; assignments: { caseId: string }[] }[] = [];
    vi.stubGlobal('fetch', (path: string, init: RequestInit = {}) => {
      if (path === '/api/programme/assignments') {
        sentPlans.push(JSON.parse(String(init.body)) as (typeof sentPlans)[number]);
        // The first plan reaches the server, but its answer never comes back.
        if (lose) {
          lose = false;
          return Promise.reject(new TypeError('Failed to fetch'));
        }
      }
      const body = path === '/api/directory' ? ONE_OBSERVER_DIRECTORY : { assignments: [] };
      return Promise.resolve(
        new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } }),
      );
    });
    fx = await servicesFixture();
    show(fx);
    await screen.findByRole('option', { name: 'Robin Shah' });
    fireEvent.input(screen.getByLabelText('Case ID'), { target: { value: 'AB-4001' } });
    fireEvent.change(screen.getByLabelText('Auditor'), { target: { value: 'user-robin-0001' } });
    const press = () => fireEvent.click(screen.getByRole('button', { name: 'Plan these audits' }));

    press();
    await waitFor(() => expect(sentPlans).toHaveLength(1));
    await waitFor(() =>
      expect(
        (screen.getByRole('button', { name: 'Plan these audits' }) as HTMLButtonElement).disabled,
      ).toBe(false),
    );
    // Kept with the draft, so a press after the idle lock would send it under the same id too.
    await waitFor(async () =>
      expect(await kept(PLAN)).toMatchObject({ planId: expect.any(String) }),
    );
    press();
    await waitFor(() => expect(sentPlans).toHaveLength(2));
    expect(sentPlans[1]!.planId).toMatch(/^[\w-]{8,64}$/);
    expect(sentPlans[1]!.planId).toBe(sentPlans[0]!.planId);

    // The next plan is another plan.
    await waitFor(async () => expect(await kept(PLAN)).toBeUndefined());
    fireEvent.input(screen.getByLabelText('Case ID'), { target: { value: 'AB-4002' } });
    press();
    await waitFor(() => expect(sentPlans).toHaveLength(3));
    expect(sentPlans[2]!.planId).not.toBe(sentPlans[0]!.planId);
  });

  test('a guest observer can be chosen as an auditor, named as a guest', async () => {
    answerPlanning(WITH_GUEST_DIRECTORY);
    fx = await servicesFixture();
    show(fx);
    await screen.findAllByRole('option', { name: 'Gina Guest (guest observer)' });
    expect(screen.queryAllByRole('option', { name: 'Pat Practitioner' })).toEqual([]);
  });
});
