// A submitted observation as the server sent it to a tablet, with the team's directory as the
// tablet kept it, for the tests of the pages that show a submitted observation to someone.
import type { DirectoryPerson } from '../../schemas/api/directory';
import type { FieldValue } from '../../schemas/entities/field-value';
import type { Template } from '../../schemas/entities/template';
import { applyPullPage } from '../../src/db';
import { OWNER, pullPage, serverRecord } from './db-fixtures';
import type { TestStore } from './db-fixtures';
import { keepDirectory } from './directory-fixture';
import { completeFields } from './submittable';

export async function receiveSubmitted(
  store: Pick<TestStore, 'db' | 'cipher'>,
  observation: {
    id: string;
    scopeId: string;
    template: Template;
    ownerId?: string;
    /** Over the complete answers and the submitted status. */
    fields: Record<string, FieldValue>;
    people: DirectoryPerson[];
  },
): Promise<void> {
  const { db, cipher } = store;
  await applyPullPage(
    db,
    cipher,
    pullPage({
      records: [
        serverRecord({
          id: observation.id,
          scopeId: observation.scopeId,
          ownerId: observation.ownerId ?? OWNER,
          fields: {
            ...completeFields(observation.template),
            status: 'submitted',
            submittedAt: '2026-05-12T09:00:00.000Z',
            ...observation.fields,
          },
        }),
      ],
    }),
  );
  await keepDirectory(store, observation.people);
}
