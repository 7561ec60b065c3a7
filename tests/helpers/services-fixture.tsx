// A signed-in person's services for component tests: a real (fake-indexeddb) store, the built-in
// checklists, default settings, and a sync whose calls are recorded; as in the app shell, the
// count of safety concerns waiting is provided once for the screens below.
import type { ComponentChildren } from 'preact';
import { DEFAULT_LOCAL_SETTINGS } from '../../schemas/entities/local-settings';
import { builtInTemplates } from '../../schemas/templates/catalogue';
import { ConcernsWaitingProvider } from '../../src/lib/concerns-waiting';
import { ServicesContext } from '../../src/lib/services';
import type { Services } from '../../src/lib/services';
import type { ConcernSendResult, ConcernToSend } from '../../src/sync';
import type { DirectorNotice } from '../../schemas/sync/concerns';
import { freshStore } from './db-fixtures';
import type { TestStore } from './db-fixtures';

export type ServicesFixture = {
  services: Services;
  store: TestStore;
  raised: ConcernToSend[];
  edits: number;
  Wrapper: (props: { children: ComponentChildren }) => preact.JSX.Element;
};

export async function servicesFixture(
  overrides: Partial<Services> & {
    concernResult?: ConcernSendResult;
    /** How the server says the Director is told, in the answer to raising a concern. */
    directorNotice?: DirectorNotice;
  } = {},
): Promise<ServicesFixture> {
  const store = await freshStore();
  const raised: ConcernToSend[] = [];
  const fixture = { raised, edits: 0 } as ServicesFixture;
  const services: Services = {
    user: {
      id: 'user-observer-0001',
      email: 'sam@example.org',
      displayName: 'Sam Patel',
      role: 'observer',
      scopes: [
        {
          id: 'scope-practice-group-a',
          name: 'CIN team 2',
          kind: 'practice-group',
          parentId: 'scope-service-0001',
        },
      ],
    },
    deviceId: 'device-0001-aaaa',
    store,
    settings: { ...DEFAULT_LOCAL_SETTINGS, dutyPhone: '020 7946 0000' },
    templates: builtInTemplates,
    online: true,
    token: () => null,
    sync: {
      state: null,
      unsentCount: 0,
      oldestUnsentAt: null,
      rejectedCount: 0,
      unsentConcerns: [],
      notifyLocalEdit: () => {
        fixture.edits++;
      },
      syncNow: () => undefined,
      raiseConcern: async (input) => {
        raised.push(input);
        const receivedAt = '2026-05-01T09:00:02.000Z';
        return (
          overrides.concernResult ?? {
            status: 'sent',
            receivedAt,
            view: {
              concern: { ...input.concern, raisedBy: 'user-observer-0001', receivedAt },
              scopeId: input.scopeId,
              created: true,
              directorNotice: overrides.directorNotice ?? {
                email: { state: 'queued', sentAt: null },
                webhook: null,
                inApp: true,
              },
            },
          }
        );
      },
    },
    lock: () => undefined,
    signOut: async () => 'signed-out',
    ...overrides,
  };
  fixture.services = services;
  fixture.store = store;
  fixture.Wrapper = ({ children }) => (
    <ServicesContext.Provider value={services}>
      <ConcernsWaitingProvider>{children}</ConcernsWaitingProvider>
    </ServicesContext.Provider>
  );
  return fixture;
}
