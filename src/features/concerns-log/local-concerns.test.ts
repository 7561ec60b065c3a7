import { describe, expect, test } from 'vitest';
import type { RecordView } from '../../db';
import { localConcernEntries } from './local-concerns';

const view = (id: string, fields: RecordView['fields']): RecordView => ({
  id,
  type: 'safety-concern',
  scopeId: 'scope-0001',
  parentId: null,
  ownerId: 'user-observer',
  version: 1,
  pending: false,
  deleted: false,
  updatedAt: '2026-11-30T10:00:00.000Z',
  fields,
  conflicts: [],
});

const base = {
  caseId: 'SC-7001',
  what: 'Bruising seen.',
  raisedAt: '2026-11-30T09:00:00.000Z',
  raisedBy: 'user-observer',
  'whoWasTold.0.name': 'Pat Duty',
  'whoWasTold.0.role': 'Duty manager',
  'whoWasTold.0.at': '2026-11-30T09:05:00.000Z',
};

describe('the concern log from what the tablet pulled', () => {
  test('deadline from arrival, overdue when unacknowledged past it, newest first', () => {
    const entries = localConcernEntries(
      [
        view('concern-old1', { ...base, receivedAt: '2026-11-30T10:00:00.000Z' }),
        view('concern-new1', {
          ...base,
          receivedAt: '2026-11-30T13:00:00.000Z',
          acknowledgedBy: 'user-director',
          acknowledgedAt: '2026-11-30T18:00:00.000Z',
        }),
      ],
      4,
      () => 'CIN team 2',
      new Date('2026-11-30T15:00:00.000Z'),
    );
    expect(entries.map((e) => e.concern.id)).toEqual(['concern-new1', 'concern-old1']);
    expect(entries[1]).toMatchObject({
      acknowledgeBy: '2026-11-30T14:00:00.000Z',
      overdue: true,
      scopeName: 'CIN team 2',
    });
    expect(entries[1]!.concern.whoWasTold).toEqual([
      { name: 'Pat Duty', role: 'Duty manager', at: '2026-11-30T09:05:00.000Z' },
    ]);
    expect(entries[0]).toMatchObject({ overdue: false, acknowledgedLate: true });
  });

  test('a row that is not a whole concern is left out rather than shown wrong', () => {
    expect(
      localConcernEntries([view('concern-bad1', { what: 'x' })], 4, () => '', new Date()),
    ).toEqual([]);
  });
});

test('a concern with nobody recorded as told is listed: the server stores no whoWasTold fields for it', () => {
  const {
    'whoWasTold.0.name': _n,
    'whoWasTold.0.role': _r,
    'whoWasTold.0.at': _a,
    ...untold
  } = base;
  const entries = localConcernEntries(
    [view('concern-untold', { ...untold, receivedAt: '2026-11-30T10:00:00.000Z' })],
    4,
    () => 'CIN team 2',
    new Date('2026-11-30T11:00:00.000Z'),
  );
  expect(entries.map((e) => e.concern.whoWasTold)).toEqual([[]]);
});
