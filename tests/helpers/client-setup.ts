// IndexedDB for component and db tests in happy-dom. Real-browser behaviour is tested in
// tests/browser with Chromium; this is only for fast unit feedback.
import 'fake-indexeddb/auto';

// Each component test starts from an empty document (vitest runs without globals, so Testing
// Library cannot register this itself).
import { cleanup } from '@testing-library/preact';
import { afterEach } from 'vitest';
afterEach(() => cleanup());
