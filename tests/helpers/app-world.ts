// A real server process with an administrator, teams and people, for real-browser tests of the
// app: everything is set up through the admin API, as an authority would.
import type { Page } from 'playwright-core';
import { launchTablet, waitForServiceWorkerControl } from './browser';
import type { Tablet } from './browser';
import { startServer } from './server-process';
import type { RunningServer } from './server-process';

export const ADMIN = { email: 'admin@example.org', password: 'admin-password-12345' };
export const PASSWORD = 'correct horse battery staple';
export const SECRET = 'kettle orbit pencil lantern';

export type World = {
  server: RunningServer;
  adminToken: string;
  addScope(name: string, kind: 'service' | 'practice-group', parentId?: string): Promise<string>;
  addUser(u: { email: string; role: string; name: string; scopeIds: string[] }): Promise<string>;
  stop(): Promise<void>;
};

async function post<T>(url: string, body: unknown, token?: string): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export async function startWorld(env: Record<string, string> = {}): Promise<World> {
  const server = await startServer({
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    ...env,
  });
  const { token } = await post<{ token: string }>(`${server.url}/api/auth/sign-in`, {
    email: ADMIN.email,
    password: ADMIN.password,
    deviceName: 'Test set-up',
  });
  const world: World = {
    server,
    adminToken: token,
    async addScope(name, kind, parentId) {
      const { scope } = await post<{ scope: { id: string } }>(
        `${server.url}/api/admin/scopes`,
        { name, kind, ...(parentId ? { parentId } : {}) },
        token,
      );
      return scope.id;
    },
    async addUser(u) {
      const { user } = await post<{ user: { id: string } }>(
        `${server.url}/api/admin/users`,
        {
          email: u.email,
          role: u.role,
          displayName: u.name,
          password: PASSWORD,
          scopeIds: u.scopeIds,
        },
        token,
      );
      return user.id;
    },
    // The server a test restarted (after killing it) is the one to stop.
    stop: () => world.server.stop().then(() => undefined),
  };
  return world;
}

/** Signs in on a fresh tablet and chooses the unlock secret; ends on the home screen. */
export async function signInFirstTime(
  page: Page,
  baseUrl: string,
  email: string,
  password = PASSWORD,
): Promise<void> {
  await page.goto(baseUrl);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Choose an unlock secret for this tablet' }).waitFor();
  await page.getByLabel('Unlock secret', { exact: true }).fill(SECRET);
  await page.getByLabel('Enter the unlock secret again').fill(SECRET);
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await page.getByRole('heading', { name: 'Your observations' }).waitFor({ timeout: 30_000 });
}

/**
 * Sam Patel observing in a practice group (CIN team 2) of a service (Children in need), signing in
 * as sam@example.org: the team for tests that need no QA lead.
 */
export async function addObserver(
  world: World,
): Promise<{ service: string; group: string; observerId: string }> {
  const service = await world.addScope('Children in need', 'service');
  const group = await world.addScope('CIN team 2', 'practice-group', service);
  const observerId = await world.addUser({
    email: 'sam@example.org',
    role: 'observer',
    name: 'Sam Patel',
    scopeIds: [group],
  });
  return { service, group, observerId };
}

/**
 * The team most tests need: a service with one practice group, Sam Patel observing in the group
 * and Quinn Adams, QA lead of the service (signing in as sam@ and qa@example.org).
 */
export async function addObserverAndQaLead(
  world: World,
): Promise<{ service: string; group: string; observerId: string }> {
  const team = await addObserver(world);
  await world.addUser({
    email: 'qa@example.org',
    role: 'qa-lead',
    name: 'Quinn Adams',
    scopeIds: [team.service],
  });
  return team;
}

/**
 * The server with the team of `addObserverAndQaLead`, and a fresh tablet on which Sam has signed
 * in for the first time (its service worker in control): on the home screen.
 */
export async function startObserverTablet(): Promise<{
  world: World;
  tablet: Tablet;
  page: Page;
}> {
  const world = await startWorld();
  await addObserverAndQaLead(world);
  const { tablet, page } = await launchSignedInTablet(world.server.url, 'sam@example.org');
  return { world, tablet, page };
}

/**
 * A tablet of its own (a fresh browser profile) signed in for the first time as this person; it is
 * added to `tablets`, which the test closes when it ends.
 */
export async function signedInTablet(
  world: World,
  tablets: Tablet[],
  email: string,
): Promise<Page> {
  const t = await launchTablet();
  tablets.push(t);
  const page = await t.context.newPage();
  await signInFirstTime(page, world.server.url, email);
  return page;
}

/**
 * A fresh tablet opened at `url` (the server's, or a proxy's in front of it) until the app's
 * service worker controls it, then signed in for the first time as `email`: on the home screen.
 * The test closes `tablet.context` when it ends.
 */
export async function launchSignedInTablet(
  url: string,
  email: string,
): Promise<{ tablet: Tablet; page: Page }> {
  const tablet = await launchTablet();
  const page = await tablet.context.newPage();
  await page.goto(url);
  await waitForServiceWorkerControl(page);
  await signInFirstTime(page, url, email);
  return { tablet, page };
}

export async function unlock(page: Page, secret = SECRET): Promise<void> {
  await page.getByLabel('Unlock secret').fill(secret);
  await page.getByRole('button', { name: 'Unlock' }).click();
}

/** Waits until the tablet says everything has been sent. */
export async function waitAllSent(page: Page, timeout = 30_000): Promise<void> {
  await page
    .getByTestId('sync-waiting')
    .filter({ hasText: 'All changes sent' })
    .waitFor({ timeout });
}

/** Waits until the page's autosave says what was typed is on this tablet's disk. */
export async function waitSavedOnDevice(page: Page): Promise<void> {
  await page.getByTestId('save-status').filter({ hasText: 'Saved on this device' }).waitFor();
}

/**
 * Asks the tablet to sync now (Account, "Send changes now") and waits until it has sent
 * everything and taken a fresh pull from the server.
 */
export async function syncNow(page: Page, timeout = 60_000): Promise<void> {
  const status = page.getByTestId('sync-status');
  const before = await status.getAttribute('data-received');
  await page.getByRole('link', { name: 'Account', exact: true }).click();
  await page.getByRole('button', { name: 'Send changes now' }).click();
  await page.waitForFunction(
    (prev) => {
      const el = document.querySelector('[data-testid="sync-status"]');
      return (
        el !== null &&
        el.getAttribute('data-received') !== prev &&
        el.getAttribute('data-phase') === 'idle'
      );
    },
    before,
    { timeout },
  );
  await waitAllSent(page, timeout);
}
