// The directory of people as the tablet kept it the last time it was online (the sealed copy
// useOnlineReport reads offline), for the tests of pages that name people.
import type { DirectoryPerson } from '../../schemas/api/directory';
import { writeSealed } from '../../src/db';
import type { TestStore } from './db-fixtures';

export async function keepDirectory(
  store: Pick<TestStore, 'db' | 'cipher'>,
  people: DirectoryPerson[],
): Promise<void> {
  await writeSealed(store.db, store.cipher, 'report:directory', {
    path: '/api/directory',
    fetchedAt: '2026-12-01T09:00:00.000Z',
    value: { people },
  });
}
