// Real Chromium (Debian's package) driven by playwright-core. Persistent contexts stand for a
// tablet: closing one and launching the same profile again is "switching the tablet off and on".
import fs from 'node:fs';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';
import { tempDir } from './server-process';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Without the background-networking flags Chromium floods this closed network with refused
// connections (../shared/brief/stack.md).
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const TABLET_PORTRAIT = { width: 768, height: 1024 };
export const TABLET_LANDSCAPE = { width: 1280, height: 800 };

export type Tablet = { profileDir: string; context: BrowserContext };

export async function launchTablet(
  opts: {
    profileDir?: string;
    viewport?: { width: number; height: number };
    /** A touch screen with a mobile browser's layout (the meta viewport honoured), as on a tablet. */
    touch?: boolean;
  } = {},
): Promise<Tablet> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}. Run \`npm run install-chromium\` (see README).`,
    );
  }
  const profileDir = opts.profileDir ?? tempDir('obs-tablet-');
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: opts.viewport ?? TABLET_PORTRAIT,
    ...(opts.touch ? { hasTouch: true, isMobile: true } : {}),
    locale: 'en-GB',
    timezoneId: 'Europe/London',
  });
  return { profileDir, context };
}

/** Waits until the page is controlled by the app's service worker. */
export async function waitForServiceWorkerControl(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, {
    timeout: 30_000,
  });
}
