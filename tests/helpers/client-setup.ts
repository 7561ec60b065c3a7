// IndexedDB for component and db tests in happy-dom. Real-browser behaviour is tested in
// tests/browser with Chromium; this is only for fast unit feedback.
import 'fake-indexeddb/auto';

// Each component test starts from an empty document (vitest runs without globals, so Testing
// Library cannot register this itself).
import { cleanup } from '@testing-library/preact';
import { afterEach } from 'vitest';
afterEach(() => cleanup());

// No server runs under these tests. A request no test answers (the team directory an action page
// asks for, an administration form's lists) fails at once, as it does on a tablet with no signal,
// which every screen words; happy-dom's own fetch would try 127.0.0.1:3000 and print the refused
// connection. A test that needs answers stubs fetch itself (tests/helpers/server-answers.ts).
globalThis.fetch = (input) => {
  const url = input instanceof Request ? input.url : String(input);
  return Promise.reject(new TypeError(`Failed to fetch ${url}: no server in the client tests`));
};
