// Two windows of the app on one tablet, in real Chromium: two pages of one browser context share
// its keyring, databases and service worker, as two tabs (or the installed app beside a tab) do.
// The set-up the window tests share: a server with an observer, a tablet on which that observer
// has signed in for the first time, a new observation, and a second window unlocked at a path.
import type { Page } from 'playwright-core';
import type { Tablet } from './browser';
import { startObserverTablet, unlock } from './app-world';
import type { World } from './app-world';

export const OBSERVER = 'sam@example.org';
export const LOCKED = { name: 'The app is locked' } as const;

export type TwoWindowTablet = {
  world: World;
  tablet: Tablet;
  /** The first window, signed in (the service worker controlling it) on the home screen. */
  first: Page;
  stop(): Promise<void>;
};

/** The server and a tablet whose first window the observer has signed in on. */
export async function startTabletSignedIn(): Promise<TwoWindowTablet> {
  const { world, tablet, page: first } = await startObserverTablet();
  return {
    world,
    tablet,
    first,
    stop: async () => {
      await tablet.context.close();
      await world.stop();
    },
  };
}

/** Starts a frontline practice observation in `page`, which ends on its task list. */
export async function startObservation(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'New observation' }).first().click();
  await page.getByLabel('Frontline practice observation', { exact: true }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.locator('.govuk-task-list').waitFor();
}

/** Opens `url` in `page` afresh, which finds the app locked: unlocked with the secret. */
export async function openUnlocked(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('heading', LOCKED).waitFor();
  await unlock(page);
}

/** Another window of the tablet, opened at `url` and unlocked. */
export async function secondWindow(tablet: Tablet, url: string): Promise<Page> {
  const page = await tablet.context.newPage();
  await openUnlocked(page, url);
  return page;
}
