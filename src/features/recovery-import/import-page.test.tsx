import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { DirectorNotice } from '../../../schemas/sync/concerns';
import type { RecoveryImportResult } from '../../../schemas/sync/recovery-file';
import { answerRequests } from '../../../tests/helpers/server-answers';
import { servicesFixture } from '../../../tests/helpers/services-fixture';
import { RecoveryImportPage } from './import-page';

// What the administrator is told after importing a recovery file: the words fit one concern and
// several ("this concern" of a file that raised three would be wrong, and so would "these").

const FILE = {
  format: 'practice-observations-recovery',
  version: 1,
  keyId: 'recovery-key-0001',
  createdAt: '2026-12-01T09:30:00.000Z',
  wrappedKey: 'd3JhcHBlZA',
  iv: 'aXYtaXYtaXYtaXY',
  ciphertext: 'Y2lwaGVydGV4dA',
};

const result = (raised: number, directorNotice: DirectorNotice): RecoveryImportResult => ({
  importId: 'import-0001',
  userId: 'user-observer-0001',
  deviceId: 'device-0001-aaaa',
  createdAt: FILE.createdAt,
  applied: 2,
  alreadyApplied: 0,
  rejected: [],
  concerns: { raised, alreadyRaised: 0, refused: [], directorNotice },
});

const inAppOnly: DirectorNotice = { email: null, webhook: null, inApp: true };
const emailing: DirectorNotice = {
  email: { state: 'queued', sentAt: null },
  webhook: { state: 'sent', sentAt: '2026-12-01T10:42:00.000Z' },
  inApp: true,
};

async function importFile(raised: number, notice: DirectorNotice) {
  answerRequests(() => result(raised, notice));
  const fx = await servicesFixture();
  const admin = { ...fx.services.user, role: 'admin' as const, scopes: [] };
  fx.services.user = admin;
  render(
    <fx.Wrapper>
      <RecoveryImportPage />
    </fx.Wrapper>,
  );
  const input = screen.getByLabelText('Upload a recovery file');
  const file = new File([JSON.stringify(FILE)], 'recovery-2026-12-01-09-30.json', {
    type: 'application/json',
  });
  Object.defineProperty(input, 'files', { value: [file] });
  fireEvent.change(input);
  fireEvent.click(screen.getByRole('button', { name: 'Import changes' }));
  await waitFor(() => expect(screen.getByText('Recovery file imported')).toBeTruthy());
  return document.getElementById('recovery-imported')!.textContent!;
}

describe('the words after importing a recovery file', () => {
  afterEach(() => vi.unstubAllGlobals());

  test('one concern: "this concern", "the person who raised the concern"', async () => {
    const said = await importFile(1, inAppOnly);
    expect(said).toContain('1 safety concern was raised.');
    expect(said).toContain('they will see this concern only when they next open the app.');
    expect(said).toContain('have the person who raised the concern phone them');
    expect(said).not.toMatch(/these concerns|the concerns/);
  });

  test('several concerns: "these concerns", "the concerns", never "this concern"', async () => {
    const said = await importFile(3, inAppOnly);
    expect(said).toContain('3 safety concerns were raised.');
    expect(said).toContain('they will see these concerns only when they next open the app.');
    expect(said).toContain('have the person who raised the concerns phone them');
    expect(said).not.toMatch(/this concern|the concern\b/);
  });

  test('several concerns told by email and alert: the emails are on their way, and only the last alert is claimed', async () => {
    const said = await importFile(2, emailing);
    expect(said).toContain(
      'Emails about them to the Director of Children’s Social Care are being sent now.',
    );
    expect(said).toContain(
      'The authority’s alerting system was told of the last of them at 10:42am.',
    );
    expect(said).toContain(
      'The Director will also see them in the app, in the safety concern log, the next time they open it.',
    );
    expect(said).not.toContain('see it in the app');
  });
});
