// An update taken in one window reaches the others: the new version's worker takes over every
// window of the app, so a second window's "Update now" has no waiting version left to ask for. It
// must still save what was typed there and reload into the new version, not stay disabled on the
// old code for ever (found by an exploratory tester).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { launchTablet, waitForServiceWorkerControl } from '../helpers/browser';
import type { Tablet } from '../helpers/browser';
import { addObserver, signInFirstTime, startWorld, unlock } from '../helpers/app-world';
import type { World } from '../helpers/app-world';
import { startFrontlineDraft } from '../helpers/start-draft';
import { tempDir } from '../helpers/server-process';

let world: World;
let tablet: Tablet;
let appDir: string;

beforeAll(async () => {
  // The app is served from a copy, so the test can publish an "update" of it.
  appDir = tempDir('obs-app-');
  fs.cpSync(path.resolve('dist/app'), appDir, { recursive: true });
  world = await startWorld({ APP_DIR: appDir });
  await addObserver(world);
  tablet = await launchTablet();
});
afterAll(async () => {
  await tablet?.context.close().catch(() => undefined);
  await world?.stop();
});

const locked = (p: Page) =>
  p.getByRole('heading', { name: 'The app is locked' }).waitFor({ timeout: 30_000 });

test('a second window’s Update now, after the first window took the update, saves its typing and reloads', async () => {
  const first = await tablet.context.newPage();
  await first.goto(world.server.url);
  await waitForServiceWorkerControl(first);
  await signInFirstTime(first, world.server.url, 'sam@example.org');

  const second = await tablet.context.newPage();
  await second.goto(world.server.url);
  await unlock(second);
  await second.getByRole('heading', { name: 'Your observations' }).waitFor();
  await startFrontlineDraft(second);
  await second.getByRole('link', { name: 'Strengths and areas for development' }).click();
  const strengths = second.getByLabel('Strengths');
  await strengths.click();
  await second.keyboard.type('Calm and clear with the family.', { delay: 2 });

  // Publish a new version; both windows are told of it.
  fs.appendFileSync(path.join(appDir, 'service-worker.js'), '\n// update for the test\n');
  await first.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    await registration?.update();
  });
  const firstUpdate = first.getByRole('button', { name: 'Update now' });
  const secondUpdate = second.getByRole('button', { name: 'Update now' });
  await firstUpdate.waitFor({ timeout: 30_000 });
  await secondUpdate.waitFor({ timeout: 30_000 });

  // The first window takes it: it reloads, so it is locked.
  await firstUpdate.click();
  await locked(first);
  const scriptOf = (p: Page) =>
    p.evaluate(async () => {
      const r = await navigator.serviceWorker.getRegistration();
      return {
        waiting: r?.waiting !== null,
        controlled: navigator.serviceWorker.controller?.state,
      };
    });
  expect(await scriptOf(second)).toEqual({ waiting: false, controlled: 'activated' });

  // The second window's button still works: what was typed there is saved, then it reloads.
  await second.keyboard.type(' Typed after the first window updated.', { delay: 2 });
  await secondUpdate.click();
  await locked(second);
  await unlock(second);
  await second.getByLabel('Strengths').waitFor();
  expect(await second.getByLabel('Strengths').inputValue()).toBe(
    'Calm and clear with the family. Typed after the first window updated.',
  );
  // Shown after the reload, the new version has nothing left to offer.
  expect(await second.getByRole('button', { name: 'Update now' }).count()).toBe(0);
});
