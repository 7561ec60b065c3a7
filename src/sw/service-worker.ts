/// <reference lib="webworker" />
// The service worker keeps the app usable with no signal: the shell and templates are precached,
// every navigation falls back to the cached index.html, and the API is never cached here (the
// app keeps its data in IndexedDB, not in HTTP caches).
import {
  cleanupOutdatedCaches,
  createHandlerBoundToURL,
  precacheAndRoute,
} from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { clientsClaim } from 'workbox-core';
import type { PrecacheEntry } from 'workbox-precaching';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<PrecacheEntry | string> };

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

registerRoute(
  new NavigationRoute(createHandlerBoundToURL('/index.html'), {
    denylist: [/^\/api\//, /^\/docs(\/|$)/, /^\/healthz$/, /^\/readyz$/],
  }),
);

// An update waits until the app says the open draft is saved (see src/sw/register.ts), so an
// update never reloads over unsaved work.
self.addEventListener('message', (event: ExtendableMessageEvent) => {
  const data = event.data as { type?: string } | null;
  if (data?.type === 'SKIP_WAITING') void self.skipWaiting();
});

// Background Sync: the outbox is encrypted with a key only an open, unlocked page holds, so the
// worker cannot send it itself; it asks every open page of the app to sync now.
self.addEventListener('sync', (event: Event) => {
  const e = event as ExtendableEvent & { tag?: string };
  if (e.tag !== 'obs-sync') return;
  e.waitUntil(
    self.clients
      .matchAll({ type: 'window' })
      .then((clients) => clients.forEach((c) => c.postMessage({ type: 'SYNC_NOW' }))),
  );
});

// The first visit is controlled without a reload, so that going offline straight after the
// first sign-in still works.
clientsClaim();
