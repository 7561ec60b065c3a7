// The accessibility statement and privacy notice are reachable by anyone, in real Chromium: from
// the sign-in screen's footer, in the authority's own wording, and again with no signal from what
// this tablet last fetched. axe runs on each.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startWorld } from '../helpers/app-world';
import type { World } from '../helpers/app-world';
import { launchTablet } from '../helpers/browser';
import type { Tablet } from '../helpers/browser';
import { createAxeLog } from '../helpers/axe';

const STATEMENT =
  '## How accessible this app is\nHillside Borough tests this app with screen readers every quarter.';
const axe = createAxeLog();
let world: World;
const tablets: Tablet[] = [];

beforeAll(async () => {
  world = await startWorld();
  const res = await fetch(`${world.server.url}/api/admin/settings`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${world.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ authorityName: 'Hillside Borough', accessibilityStatement: STATEMENT }),
  });
  expect(res.status).toBe(200);
});
afterAll(async () => {
  for (const t of tablets) await t.context.close();
  await world?.stop();
});

test('before signing in, the footer opens the authority’s statement and notice, with a signal and without', async () => {
  const tablet = await launchTablet();
  tablets.push(tablet);
  const page = await tablet.context.newPage();
  await page.goto(world.server.url);
  await page.getByRole('heading', { name: 'Sign in', exact: true }).waitFor();

  await page.getByRole('link', { name: 'Accessibility statement' }).click();
  await page.getByRole('heading', { name: 'Accessibility statement', level: 1 }).waitFor();
  await page.getByText('Hillside Borough tests this app with screen readers').waitFor();
  expect(await page.title()).toContain('Accessibility statement');
  await axe.scan(page, 'accessibility statement, signed out');

  await page.getByRole('link', { name: 'Back', exact: true }).click();
  await page.getByRole('heading', { name: 'Sign in', exact: true }).waitFor();
  await page.getByRole('link', { name: 'Privacy notice' }).click();
  await page.getByRole('heading', { name: 'Privacy notice', level: 1 }).waitFor();
  await page.getByText('Hillside Borough', { exact: false }).first().waitFor();
  await axe.scan(page, 'privacy notice, signed out');

  // No signal: the service worker opens the app, and the wording last fetched is shown.
  await tablet.context.setOffline(true);
  await page.goto(`${world.server.url}/help/accessibility`);
  await page.getByText('Hillside Borough tests this app with screen readers').waitFor();
  if (axe.findings.length) console.log(JSON.stringify(axe.findings, null, 1));
  expect(axe.findings).toEqual([]);
});
