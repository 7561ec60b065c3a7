import { fireEvent, render, screen } from '@testing-library/preact';
import { LocationProvider } from 'preact-iso';
import { afterEach, describe, expect, test } from 'vitest';
import type { SyncRecord } from '../../../schemas/sync/records';
import { applyPullPage } from '../../db';
import { servicesFixture } from '../../../tests/helpers/services-fixture';
import type { ServicesFixture } from '../../../tests/helpers/services-fixture';
import { AssignmentPage } from './assignment-page';

let fx: ServicesFixture | undefined;
afterEach(async () => {
  await fx?.store.close();
  fx = undefined;
});

const assignment = (id: string, fields: Record<string, string>): SyncRecord => ({
  id,
  type: 'assignment',
  scopeId: 'scope-practice-group-a',
  parentId: null,
  ownerId: 'user-qa-lead-0001',
  version: 1,
  deleted: false,
  fields: {
    observerUserId: 'user-observer-0001',
    teamName: 'CIN team 2',
    dueDate: '2099-01-31',
    ...fields,
  },
  conflicts: [],
  createdAt: '2026-05-01T09:00:00.000Z',
  updatedAt: '2026-05-01T09:00:00.000Z',
});

async function open(record: SyncRecord) {
  fx = await servicesFixture();
  await applyPullPage(fx.store.db, fx.store.cipher, {
    records: [record],
    evict: [],
    cursor: 'c1',
    hasMore: false,
    lastMutationId: 0,
    reset: false,
    serverTime: new Date().toISOString(),
  });
  return render(
    <fx.Wrapper>
      <LocationProvider>
        <AssignmentPage id={record.id} />
      </LocationProvider>
    </fx.Wrapper>,
  );
}

describe('an assignment', () => {
  test('the title begins “Error:” while the error summary shows', async () => {
    await open(assignment('assign-title-01', { kind: 'single-case-audit', caseId: 'AB-3201' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Mark as done' }));
    await screen.findByRole('link', { name: /Tick every part before marking the audit done/ });
    await expect.poll(() => document.title).toBe('Error: Assignment – Practice observations');
  });
});
