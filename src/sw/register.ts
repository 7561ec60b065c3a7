// Registers the service worker and exposes "an update is ready" to the UI. Applying an update is
// the UI's decision: it must first make sure the open draft is saved.
import { Workbox } from 'workbox-window';

export type UpdateListener = (apply: () => Promise<void>) => void;

/** How often an open app asks the server for a new version, beside each time it is shown again. */
export const UPDATE_CHECK_MS = 60 * 60_000;

export function registerServiceWorker(onUpdateReady: UpdateListener): Workbox | null {
  if (!('serviceWorker' in navigator)) return null;
  const wb = new Workbox('/service-worker.js', { scope: '/' });
  const reload = () => window.location.reload();
  // This window asked the new version to take over (its work saved first, by the banner).
  let applying = false;
  // A first visit is taken over without a reload (the worker claims it); that is no update.
  let controlled = Boolean(navigator.serviceWorker.controller);
  wb.addEventListener('waiting', () => {
    onUpdateReady(async () => {
      applying = true;
      wb.messageSkipWaiting();
    });
  });
  wb.addEventListener('controlling', () => {
    const replaced = controlled;
    controlled = true;
    if (applying) reload();
    // Another window took the update: the worker now controls this one too, but this window still
    // runs the old code and has no waiting version left to ask. Its "Update now" only reloads
    // (after saving, as always).
    else if (replaced) onUpdateReady(async () => reload());
  });
  void wb.register();
  // A tablet left open for days, moving between pages without a full load, still learns of a new
  // version. Offline the check fails quietly and is made again later.
  const check = () => {
    if (navigator.onLine) wb.update().catch(() => undefined);
  };
  setInterval(check, UPDATE_CHECK_MS);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') check();
  });
  return wb;
}
