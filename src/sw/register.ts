// Registers the service worker and exposes "an update is ready" to the UI. Applying an update is
// the UI's decision: it must first make sure the open draft is saved.
import { Workbox } from 'workbox-window';

export type UpdateListener = (apply: () => Promise<void>) => void;

export function registerServiceWorker(onUpdateReady: UpdateListener): Workbox | null {
  if (!('serviceWorker' in navigator)) return null;
  const wb = new Workbox('/service-worker.js', { scope: '/' });
  wb.addEventListener('waiting', () => {
    onUpdateReady(async () => {
      wb.addEventListener('controlling', () => window.location.reload());
      wb.messageSkipWaiting();
    });
  });
  void wb.register();
  return wb;
}
