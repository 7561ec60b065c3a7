// IndexedDB for component and db tests in happy-dom. Real-browser behaviour is tested in
// tests/browser with Chromium; this is only for fast unit feedback.
import 'fake-indexeddb/auto';
