// A new server's first administrator, in real Chromium: the operator starts the server with no
// administrator, opens the address it printed (/setup) and creates the administrator with the
// one-time code; a wrong code is refused first, and the code works only once. The new
// administrator is then signed in on this tablet. axe runs on each screen.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchTablet } from '../helpers/browser';
import type { Tablet } from '../helpers/browser';
import { createAxeLog } from '../helpers/axe';
import { startServer } from '../helpers/server-process';
import type { RunningServer } from '../helpers/server-process';

const SETUP_LINE = /with the one-time setup code ([0-9A-Z]{4}(?:-[0-9A-Z]{4}){3})/;
const axe = createAxeLog();
let server: RunningServer;
const tablets: Tablet[] = [];

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  for (const t of tablets) await t.context.close().catch(() => undefined);
  await server?.stop();
});

test('the first administrator is made at /setup with the printed code, once', async () => {
  await expect.poll(() => SETUP_LINE.test(server.output()), { timeout: 10_000 }).toBe(true);
  const code = SETUP_LINE.exec(server.output())![1]!;
  const t = await launchTablet();
  tablets.push(t);
  const page = await t.context.newPage();
  await page.goto(`${server.url}/setup`);
  await page.getByRole('heading', { name: 'Set up the first administrator' }).waitFor();
  await axe.scan(page, 'setup');

  // Nothing filled in: every field says what it needs.
  await page.getByRole('button', { name: 'Create the administrator' }).click();
  await page.getByText('Enter the setup code').first().waitFor();
  await expect(page.locator('.govuk-error-summary li').count()).resolves.toBe(4);
  await axe.scan(page, 'setup: errors');

  // A wrong code is refused by the server, and nothing is made.
  await page.getByLabel('Setup code').fill('AAAA-BBBB-CCCC-DDDD');
  await page.getByLabel('Full name').fill('Robin Operator');
  await page.getByLabel('Email address').fill('robin@example.org');
  await page.getByLabel('Password', { exact: true }).fill('kettle orbit pencil lantern');
  await page.getByRole('button', { name: 'Create the administrator' }).click();
  await page.getByText('That setup code is not right', { exact: false }).first().waitFor();

  // The printed code makes the administrator, who is then signed in on this tablet.
  await page.getByLabel('Setup code').fill(code.toLowerCase());
  await page.getByRole('button', { name: 'Create the administrator' }).click();
  await page.getByRole('heading', { name: 'Choose an unlock secret for this tablet' }).waitFor();
  expect(new URL(page.url()).pathname).toBe('/');

  // The code is spent: another visitor to /setup is told to sign in.
  const other = await launchTablet();
  tablets.push(other);
  const second = await other.context.newPage();
  await second.goto(`${server.url}/setup`);
  await second.getByRole('heading', { name: 'This server is set up' }).waitFor();
  await axe.scan(second, 'setup: closed');
  await second.getByRole('button', { name: 'Go to sign in' }).click();
  await second.getByRole('heading', { name: 'Sign in' }).waitFor();
  const res = await fetch(`${server.url}/api/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      code,
      email: 'someone@example.org',
      displayName: 'Someone Else',
      password: 'another long password here',
    }),
  });
  expect(res.status).toBe(409);

  if (axe.findings.length) console.log(JSON.stringify(axe.findings, null, 1));
  expect(axe.findings).toEqual([]);
}, 120_000);
