// A head of service's discussions of audited cases (Southwark QAF 2i): the list of audits by the
// month of the audit, with how each month stands, and the page recording one discussion, saved to
// the tablet as it is typed and judged as the server judges it.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { LocationProvider } from 'preact-iso';
import { afterEach, describe, expect, test } from 'vitest';
import { addDays, addMonths } from '../../../schemas/calendar/dates';
import { singleCaseAuditV1 } from '../../../schemas/templates/single-case-audit';
import { frontlinePracticeV1 } from '../../../schemas/templates/frontline-practice';
import { getRecord, saveFields } from '../../db';
import { completeFields } from '../../../tests/helpers/submittable';
import { servicesFixture } from '../../../tests/helpers/services-fixture';
import type { ServicesFixture } from '../../../tests/helpers/services-fixture';
import type { RoleKey } from '../../../schemas/api/account';
import { londonDateOf } from '../../../schemas/calendar/london-time';
import { DiscussionPage } from './discussion-page';
import { DiscussionsPage } from './discussions-page';

let fx: ServicesFixture | undefined;
afterEach(async () => {
  cleanup();
  await fx?.store.close();
  fx = undefined;
});

const today = londonDateOf(new Date());
const lastMonth = `${addMonths(today, -1).slice(0, 7)}-03`;
const twoMonthsAgo = `${addMonths(today, -2).slice(0, 7)}-10`;

async function as(role: RoleKey) {
  fx = await servicesFixture();
  fx.services.user = { ...fx.services.user, id: 'user-head-0001', role };
  return fx;
}

async function audit(
  f: ServicesFixture,
  id: string,
  caseId: string,
  date: string,
  extra: Record<string, string> = {},
) {
  await saveFields(f.store.db, f.store.cipher, {
    recordId: id,
    type: 'observation',
    scopeId: 'scope-practice-group-a',
    changes: {
      ...completeFields(singleCaseAuditV1),
      'context.caseId': caseId,
      'context.date': date,
      status: 'submitted',
      ...(extra['status'] === 'draft' ? {} : { submittedAt: `${date}T15:00:00.000Z` }),
      ...extra,
    },
  });
}

const show = (f: ServicesFixture, page: preact.JSX.Element) =>
  render(
    <f.Wrapper>
      <LocationProvider>{page}</LocationProvider>
    </f.Wrapper>,
  );

describe('the audits to discuss', () => {
  test('each month’s submitted audits, with how the month stands and a way to record each discussion', async () => {
    const f = await as('head-of-service');
    await audit(f, 'audit-last-1', 'AB100', lastMonth);
    await audit(f, 'audit-last-2', 'AB101', lastMonth);
    await audit(f, 'audit-older', 'AB200', twoMonthsAgo, {
      'sampleDiscussion.heldOn': addDays(twoMonthsAgo, 7),
    });
    await audit(f, 'audit-draft', 'AB300', lastMonth, { status: 'draft' });
    await saveFields(f.store.db, f.store.cipher, {
      recordId: 'visit-0001',
      type: 'observation',
      scopeId: 'scope-practice-group-a',
      changes: { ...completeFields(frontlinePracticeV1), status: 'submitted' },
    });
    show(f, <DiscussionsPage />);
    const [first, second] = await screen.findAllByRole('region', { name: /^Audits of / });
    expect(within(first!).getByText('Due')).toBeTruthy();
    expect(first!.textContent).toContain('0 of 2 audits discussed; discuss a sample by');
    expect(
      within(first!).getByRole('link', { name: /^Record discussion of case AB100, audited / }),
    ).toBeTruthy();
    expect(within(first!).queryByText('AB300')).toBeNull();
    expect(within(second!).getByText('Sample discussed')).toBeTruthy();
    // Heard as two sentences: the tag's words, then the count (it ran on into it).
    expect(second!.textContent).toContain('Sample discussed. 1 of 1 audit discussed.');
    expect(within(second!).getByRole('link', { name: /^Change of case AB200/ })).toBeTruthy();
    expect(screen.getAllByRole('region')).toHaveLength(2);
  });

  test('each service’s audits stand apart: one service’s discussion does not meet another’s', async () => {
    const f = await as('head-of-service');
    f.services.user = {
      ...f.services.user,
      scopes: [
        { id: 'scope-service-0001', name: 'Safeguarding', kind: 'service', parentId: null },
        {
          id: 'scope-service-0002',
          name: 'Looked after children',
          kind: 'service',
          parentId: null,
        },
      ],
    };
    await audit(f, 'audit-service-a', 'AB100', lastMonth, {
      serviceId: 'scope-service-0001',
      'sampleDiscussion.heldOn': today,
    });
    await audit(f, 'audit-service-b', 'AB101', lastMonth, { serviceId: 'scope-service-0002' });
    show(f, <DiscussionsPage />);
    const month = await screen.findByRole('region', { name: /^Audits of / });
    const safeguarding = within(month).getByRole('heading', { level: 3, name: 'Safeguarding' });
    const lookedAfter = within(month).getByRole('heading', {
      level: 3,
      name: 'Looked after children',
    });
    expect(safeguarding.nextElementSibling!.textContent).toContain('Sample discussed');
    expect(safeguarding.nextElementSibling!.textContent).toContain('1 of 1 audit discussed.');
    expect(lookedAfter.nextElementSibling!.textContent).toContain('Due');
    expect(lookedAfter.nextElementSibling!.textContent).toContain(
      '0 of 1 audit discussed; discuss a sample by',
    );
    expect(
      within(month).getByRole('table', { name: /, Looked after children$/ }).textContent,
    ).toContain('AB101');
  });

  test('a QA lead reads how each month stands, and records nothing', async () => {
    const f = await as('qa-lead');
    await audit(f, 'audit-last-1', 'AB100', lastMonth);
    show(f, <DiscussionsPage />);
    const month = await screen.findByRole('region', { name: /^Audits of / });
    expect(within(month).getByText('AB100')).toBeTruthy();
    expect(within(month).queryByRole('link')).toBeNull();
    expect(screen.getByText(/Heads of service record each discussion here/)).toBeTruthy();
  });
});

const errorSummary = async () =>
  (await screen.findByRole('heading', { name: 'There is a problem' })).closest<HTMLElement>(
    '.govuk-error-summary',
  )!;

describe('recording a discussion', () => {
  const typeDate = (d: string) => {
    const [y, m, day] = d.split('-');
    fireEvent.input(screen.getByLabelText('Day'), { target: { value: String(Number(day)) } });
    fireEvent.input(screen.getByLabelText('Month'), { target: { value: String(Number(m)) } });
    fireEvent.input(screen.getByLabelText('Year'), { target: { value: y } });
  };

  test('the day and the note reach the tablet’s copy of the audit as they are typed', async () => {
    const f = await as('head-of-service');
    await audit(f, 'audit-last-1', 'AB100', lastMonth);
    show(f, <DiscussionPage id="audit-last-1" />);
    await screen.findByRole('heading', { name: 'Discussion of the audit of case AB100' });
    typeDate(today);
    fireEvent.input(screen.getByLabelText('Notes (optional)'), {
      target: { value: 'Agreed to review the plan at supervision.' },
    });
    await waitFor(async () => {
      const saved = await getRecord(f.store.db, f.store.cipher, 'audit-last-1');
      expect(saved?.fields['sampleDiscussion.heldOn']).toBe(today);
      expect(saved?.fields['sampleDiscussion.note']).toBe(
        'Agreed to review the plan at supervision.',
      );
    });
  });

  test.each([
    ['after today', () => addDays(today, 1), /must be today or in the past/],
    ['before the audit', () => addDays(lastMonth, -1), /must be on or after the day of the audit/],
  ])('a day %s is shown as a problem and not sent', async (_, day, message) => {
    const f = await as('head-of-service');
    await audit(f, 'audit-last-1', 'AB100', lastMonth);
    show(f, <DiscussionPage id="audit-last-1" />);
    await screen.findByRole('heading', { name: 'Discussion of the audit of case AB100' });
    typeDate(day());
    await screen.findByText(message);
    fireEvent.click(screen.getByRole('button', { name: 'Done' }));
    const summary = await errorSummary();
    expect(within(summary).getByRole('link').textContent).toMatch(message);
    const saved = await getRecord(f.store.db, f.store.cipher, 'audit-last-1');
    expect(saved?.fields['sampleDiscussion.heldOn']).toBeUndefined();
  });

  test('done with no date says to enter one', async () => {
    const f = await as('head-of-service');
    await audit(f, 'audit-last-1', 'AB100', lastMonth);
    show(f, <DiscussionPage id="audit-last-1" />);
    await screen.findByRole('heading', { name: 'Discussion of the audit of case AB100' });
    fireEvent.click(screen.getByRole('button', { name: 'Done' }));
    const summary = await errorSummary();
    expect(within(summary).getByRole('link', { name: 'Enter the date of the discussion' })).toBe(
      within(summary).getByRole('link'),
    );
    await waitFor(() => expect(document.activeElement).toBe(summary));
  });

  test('nobody but a head of service is offered the form', async () => {
    const f = await as('qa-lead');
    await audit(f, 'audit-last-1', 'AB100', lastMonth);
    show(f, <DiscussionPage id="audit-last-1" />);
    await screen.findByRole('heading', { name: 'Only a head of service records this' });
    expect(screen.queryByLabelText('Day')).toBeNull();
  });

  test('a draft is no audit to discuss yet', async () => {
    const f = await as('head-of-service');
    await audit(f, 'audit-draft', 'AB300', lastMonth, { status: 'draft' });
    show(f, <DiscussionPage id="audit-draft" />);
    await screen.findByRole('heading', { name: 'Audit not found' });
  });
});
