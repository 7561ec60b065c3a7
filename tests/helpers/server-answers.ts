// Component tests: the server's answers to the screen's requests, given as plain values. Each
// request is recorded as it was sent (method, path, JSON body), so a test can say what reached it.
import { vi } from 'vitest';

export type SentRequest = { method: string; path: string; body: unknown };

export function answerRequests(answer: (request: SentRequest) => unknown): SentRequest[] {
  const sent: SentRequest[] = [];
  vi.stubGlobal('fetch', (path: string, init: RequestInit = {}) => {
    const request = {
      method: init.method ?? 'GET',
      path,
      body: init.body === undefined ? undefined : (JSON.parse(String(init.body)) as unknown),
    };
    sent.push(request);
    return Promise.resolve(
      new Response(JSON.stringify(answer(request)), {
        headers: { 'content-type': 'application/json' },
      }),
    );
  });
  return sent;
}

/** The team directory with one observer of practice group A. */
export const ONE_OBSERVER_DIRECTORY = {
  people: [
    {
      id: 'user-robin-0001',
      displayName: 'Robin Shah',
      role: 'observer',
      scopeIds: ['scope-practice-group-a'],
    },
  ],
};

/**
 * The directory as a QA lead gets it: the observer of practice group A, a practitioner there, and
 * an active guest observer (in no team: name and role only).
 */
export const WITH_GUEST_DIRECTORY = {
  people: [
    ...ONE_OBSERVER_DIRECTORY.people,
    {
      id: 'user-pat-0001',
      displayName: 'Pat Practitioner',
      role: 'practitioner',
      scopeIds: ['scope-practice-group-a'],
    },
    { id: 'user-gina-0001', displayName: 'Gina Guest', role: 'guest', scopeIds: [] },
  ],
};

/** A planning screen's server: the `directory` given, and no assignments to any other request. */
export const answerPlanning = (directory: unknown = ONE_OBSERVER_DIRECTORY): SentRequest[] =>
  answerRequests(({ path }) => (path === '/api/directory' ? directory : { assignments: [] }));
