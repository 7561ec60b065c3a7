// Single sign-on in real Chromium against a real OpenID provider (oidc-provider) started here:
// the tablet signs in through the provider's own pages, chooses its unlock secret and syncs; once
// the person is removed at the provider, their next sync is refused and signing in again fails.
// A session that ends on a part of an observation, signed in again through the provider, returns
// the person to that part.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { launchTablet } from '../helpers/browser';
import type { Tablet } from '../helpers/browser';
import { SECRET, startWorld, syncNow } from '../helpers/app-world';
import type { World } from '../helpers/app-world';
import { expireTabletSessions } from '../helpers/server-db';
import { startAuditWithCaseId } from '../helpers/start-draft';
import { createAxeLog } from '../helpers/axe';
import { startProvider } from '../helpers/oidc-provider';
import type { TestProvider } from '../helpers/oidc-provider';
import { freePort } from '../helpers/server-process';

let world: World;
let provider: TestProvider;
let tablet: Tablet;
let page: Page;
const axe = createAxeLog();
const SSO_BUTTON = 'Sign in with your organisation’s account';

beforeAll(async () => {
  const port = await freePort();
  const redirect = `http://127.0.0.1:${port}/api/auth/oidc/callback`;
  provider = await startProvider(redirect);
  provider.accounts.set('sam-at-provider', { email: 'sam@example.org' });
  world = await startWorld({
    PORT: String(port),
    OIDC_ISSUER: provider.issuer,
    OIDC_CLIENT_ID: provider.clientId,
    OIDC_CLIENT_SECRET: provider.clientSecret,
    OIDC_REDIRECT_URI: redirect,
    OIDC_REVALIDATE_MINUTES: '1',
  });
  const service = await world.addScope('Children in need', 'service');
  await world.addUser({
    email: 'sam@example.org',
    role: 'observer',
    name: 'Sam Patel',
    scopeIds: [service],
  });
  tablet = await launchTablet();
  page = await tablet.context.newPage();
}, 120_000);
afterAll(async () => {
  await tablet?.context.close();
  await world?.stop();
  await provider?.close();
});

/** The provider's development login and consent pages, as a person would fill them. */
async function signInAtProvider(login: string): Promise<void> {
  await page.waitForURL((u) => u.href.startsWith(provider.issuer), { timeout: 30_000 });
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password');
  await page.locator('button[type="submit"]').first().click();
}

test('a person signs in through the organisation’s provider, then is removed there', async () => {
  await page.goto(world.server.url);
  await page.getByRole('button', { name: SSO_BUTTON }).waitFor();
  await axe.scan(page, 'sign in with single sign-on offered');
  await page.getByRole('button', { name: SSO_BUTTON }).click();
  await signInAtProvider('sam-at-provider');
  // Consent, the first time.
  const consent = page.locator('button[type="submit"]').first();
  await Promise.race([
    page.waitForURL((u) => u.href.startsWith(world.server.url), { timeout: 30_000 }),
    consent.click({ timeout: 30_000 }).catch(() => undefined),
  ]);
  await page
    .getByRole('heading', { name: 'Choose an unlock secret for this tablet' })
    .waitFor({ timeout: 30_000 });
  expect(page.url()).not.toContain('code=');
  await page.getByLabel('Unlock secret', { exact: true }).fill(SECRET);
  await page.getByLabel('Enter the unlock secret again').fill(SECRET);
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await page.getByRole('heading', { name: 'Your observations' }).waitFor({ timeout: 30_000 });
  await syncNow(page);

  // Signing in through the provider again on this tablet keeps its registration: the server's
  // half of the key recovery opens the work without the unlock secret, and no second device
  // appears for Sam.
  const samsDevices = async () => {
    const res = await fetch(`${world.server.url}/api/admin/devices`, {
      headers: { authorization: `Bearer ${world.adminToken}` },
    });
    const { devices } = (await res.json()) as {
      devices: { id: string; userEmail: string; revokedAt: string | null }[];
    };
    return devices.filter((d) => d.userEmail === 'sam@example.org').map((d) => d.id);
  };
  const before = await samsDevices();
  expect(before).toHaveLength(1);
  await page.getByRole('button', { name: 'Lock', exact: true }).click();
  await page.getByRole('link', { name: /Forgotten your unlock secret, or not you/ }).click();
  await page.getByRole('button', { name: SSO_BUTTON }).click();
  await page.waitForURL((u) => u.href.startsWith(world.server.url) && !u.href.includes('/oidc/'), {
    timeout: 30_000,
  });
  await page.getByRole('heading', { name: 'Your observations' }).waitFor({ timeout: 30_000 });
  expect(await samsDevices()).toEqual(before);

  // Their session ends while they are typing in a part of an observation: signing in again
  // through the provider (a full page load away and back) returns them to that part.
  const auditPage = await startAuditWithCaseId(page, 'SSO-4417');
  expireTabletSessions(world);
  await page.getByRole('link', { name: 'Account', exact: true }).click();
  await page.getByRole('button', { name: 'Send changes now' }).click();
  await page.getByTestId('sync-status').getByRole('link', { name: 'Sign in again' }).waitFor();
  await page.goBack();
  await page.getByRole('heading', { name: 'About the audit' }).waitFor();
  await page.getByRole('link', { name: 'Sign in again' }).first().click();
  // The provider still has its session for them: it sends them straight back.
  await page.getByRole('button', { name: SSO_BUTTON }).click();
  await page.waitForURL((u) => u.href.startsWith(world.server.url) && !u.href.includes('/oidc/'), {
    timeout: 30_000,
  });
  await page.getByRole('heading', { name: 'About the audit' }).waitFor({ timeout: 30_000 });
  expect(new URL(page.url()).pathname).toBe(auditPage);
  expect(await page.getByLabel('Case ID', { exact: true }).inputValue()).toBe('SSO-4417');

  // Removed from the organisation's directory: the server's next check with the provider (at
  // most a minute apart here) ends the session, so the tablet can no longer sync.
  provider.accounts.delete('sam-at-provider');
  await page.waitForTimeout(62_000);
  await page.getByRole('link', { name: 'Account', exact: true }).click();
  await page.getByRole('button', { name: 'Send changes now' }).click();
  await page
    .getByTestId('sync-status')
    .getByRole('link', { name: 'Sign in again' })
    .waitFor({ timeout: 30_000 });

  // Nor can they sign in again through the provider.
  await page.getByTestId('sync-status').getByRole('link', { name: 'Sign in again' }).click();
  await page.getByRole('button', { name: SSO_BUTTON }).click();
  await page.waitForURL((u) => u.href.startsWith(provider.issuer), { timeout: 30_000 });
  // The provider still has its own session for them; whether it asks them to log in again or
  // not, it no longer knows them, and no session reaches the app.
  const login = page.locator('input[name="login"]');
  if (await login.isVisible().catch(() => false)) {
    await login.fill('sam-at-provider');
    await page.locator('input[name="password"]').fill('any password');
    await page.locator('button[type="submit"]').first().click();
  }
  const outcome = await Promise.race([
    page
      .getByText(/error/i)
      .first()
      .waitFor({ timeout: 30_000 })
      .then(
        async () =>
          `the provider refused: ${(await page.locator('body').textContent())?.trim().slice(0, 120)}`,
      ),
    page
      .locator('input[name="login"]')
      .waitFor({ timeout: 30_000 })
      .then(() => 'asked to log in again at the provider'),
    page
      .getByText('did not work', { exact: false })
      .or(page.getByText('not set up for this service'))
      .first()
      .waitFor({ timeout: 30_000 })
      .then(() => 'refused back in the app'),
  ]);
  console.log(`after removal at the provider: ${outcome}`);
  expect(await page.getByRole('heading', { name: 'Your observations' }).count()).toBe(0);
  expect(axe.findings).toEqual([]);
}, 240_000);
