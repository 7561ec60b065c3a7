// The first real-browser test: the built app, served by the sync server, is controlled by its
// service worker, and works with no network — after a reload and after a restart of the tablet.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchTablet, waitForServiceWorkerControl } from '../helpers/browser';
import type { Page } from 'playwright-core';
import type { Tablet } from '../helpers/browser';
import { startServer } from '../helpers/server-process';
import type { RunningServer } from '../helpers/server-process';

let server: RunningServer;
let tablet: Tablet;
let page: Page;

beforeAll(async () => {
  server = await startServer();
  tablet = await launchTablet();
});
afterAll(async () => {
  await tablet?.context.close();
  await server?.stop();
});

test('the first visit is controlled by the service worker without a reload', async () => {
  page = await tablet.context.newPage();
  await page.goto(server.url);
  await waitForServiceWorkerControl(page);
  await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Sign in');
});

test('a reload with no network still shows the app shell', async () => {
  await page.evaluate(() => ((window as unknown as { beforeReload: boolean }).beforeReload = true));
  await tablet.context.setOffline(true);
  await page.reload();
  // A fresh document, not the old one left on screen.
  expect(await page.evaluate(() => 'beforeReload' in window)).toBe(false);
  await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Sign in');
  // The network really is gone: the server cannot be reached from the page.
  const reachable = await page.evaluate(async () => {
    try {
      await fetch('/healthz', { cache: 'no-store' });
      return true;
    } catch {
      return false;
    }
  });
  expect(reachable).toBe(false);
});

test('switched off and on again with no network, the tablet opens the app from a deep link', async () => {
  const profileDir = tablet.profileDir;
  await tablet.context.close();
  tablet = await launchTablet({ profileDir });
  await tablet.context.setOffline(true);
  page = await tablet.context.newPage();
  await page.goto(`${server.url}/observations/new`);
  await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Sign in');
});
