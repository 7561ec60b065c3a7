import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { LocationProvider } from 'preact-iso';
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { SubjectAccessResponse } from '../../../schemas/admin/audit';
import { servicesFixture } from '../../../tests/helpers/services-fixture';
import type { ServicesFixture } from '../../../tests/helpers/services-fixture';
import { answerRequests } from '../../../tests/helpers/server-answers';
import { SubjectAccessPage } from './subject-access-page';

let fx: ServicesFixture | undefined;
afterEach(async () => {
  vi.unstubAllGlobals();
  // happy-dom follows the download link; the next test starts from the app again.
  (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(
    'http://localhost:3000/',
  );
  await fx?.store.close();
  fx = undefined;
});

const ANSWER: SubjectAccessResponse = {
  subject: { caseId: 'CASE-998877' },
  generatedAt: '2026-05-05T10:00:00.000Z',
  account: null,
  notIncluded: null,
  records: [],
  audit: [],
  thirdParty: {
    mode: 'withhold',
    withheld: [
      {
        recordId: 'obs-1',
        auditSeq: null,
        path: 'ownerId',
        whose: 'other-staff',
        replacedBy: 'a member of staff: Observer',
        reason: 'identifies another member of staff',
      },
      {
        recordId: 'obs-1',
        auditSeq: null,
        path: 'summary.overallGrade',
        whose: 'observed-practitioner',
        replacedBy: null,
        reason: 'a grade of the practitioner observed (their workforce data)',
      },
    ],
    notice: '2 parts were withheld as other people’s data.',
  },
};

async function page(answer: SubjectAccessResponse = ANSWER) {
  fx = await servicesFixture();
  fx.services.user = { ...fx.services.user, role: 'admin' };
  vi.stubGlobal(
    'URL',
    Object.assign(URL, { createObjectURL: () => 'blob:x', revokeObjectURL() {} }),
  );
  const sent = answerRequests(({ path }) =>
    path.startsWith('/api/admin/users') ? { users: [] } : answer,
  );
  const f = fx;
  render(
    <f.Wrapper>
      <LocationProvider>
        <SubjectAccessPage />
      </LocationProvider>
    </f.Wrapper>,
  );
  fireEvent.click(await screen.findByLabelText('A child or family, by case ID'));
  fireEvent.input(await screen.findByLabelText('Case ID'), { target: { value: 'CASE-998877' } });
  return sent;
}

describe('subject access: other people’s data', () => {
  test('is withheld unless the officer chooses otherwise, and what was withheld is shown with why', async () => {
    const sent = await page();
    expect(screen.getByLabelText('Withhold it (recommended)')).toHaveProperty('checked', true);
    fireEvent.click(screen.getByRole('button', { name: 'Export' }));
    await screen.findByText('2 parts were withheld as other people’s data.');
    expect(sent.find((r) => r.path === '/api/admin/subject-access')?.body).toEqual({
      caseId: 'CASE-998877',
      thirdParty: 'withhold',
    });
    expect(screen.getByText('Withheld: 2 parts')).toBeTruthy();
    const table = screen.getByRole('table', { name: 'Parts withheld as other people’s data' });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(rows[1]!.textContent).toContain('Another member of staff');
    expect(rows[1]!.textContent).toContain('a member of staff: Observer');
    expect(rows[2]!.textContent).toContain('The practitioner observed');
    expect(rows[2]!.textContent).toContain('workforce data');
  });

  test('can be included when the officer decides disclosure is reasonable', async () => {
    const sent = await page();
    fireEvent.click(screen.getByLabelText('Include it'));
    fireEvent.click(screen.getByRole('button', { name: 'Export' }));
    await waitFor(() =>
      expect(sent.find((r) => r.path === '/api/admin/subject-access')?.body).toEqual({
        caseId: 'CASE-998877',
        thirdParty: 'include',
      }),
    );
    // Settled, so the download's navigation is done before the next test starts from the app.
    await screen.findByRole('heading', { name: 'Exported' });
  });
});

describe('subject access: what an answer holds', () => {
  test('about a member of staff, it says records naming them only by a typed name are not included, and how to find them', async () => {
    await page();
    fireEvent.click(screen.getByLabelText('A member of staff'));
    const said = await screen.findByText(
      /Records that name this person only by a typed name, not linked to their account, are not included/,
    );
    expect(said.textContent).toMatch(/ask again by the case ID/);
  });

  test('about a case ID that nothing holds, it says no records were found rather than counting none', async () => {
    const nothing: SubjectAccessResponse = {
      ...ANSWER,
      subject: { caseId: 'case-998877' },
      thirdParty: { mode: 'withhold', withheld: [], notice: 'Nothing of anyone else was found.' },
    };
    await page(nothing);
    fireEvent.click(screen.getByRole('button', { name: 'Export' }));
    expect(
      await screen.findByRole('heading', { name: 'No records found for case ID case-998877' }),
    ).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Exported' })).toBeNull();
    expect(screen.queryByText('Records')).toBeNull();
  });
});
