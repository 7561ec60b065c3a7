// A change the server refuses for good is never lost from sight: Sam, taken out of his team while
// his tablet was offline, starts an observation there; the server refuses it, so it never exists
// on the server and leaves the tablet, and the banner leads to "Changes the server did not
// accept", which keeps his words until he says he has read them. axe on that page.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import type { Tablet } from '../helpers/browser';
import {
  addObserverAndQaLead,
  launchSignedInTablet,
  startWorld,
  syncNow,
} from '../helpers/app-world';
import type { World } from '../helpers/app-world';
import { createAxeLog } from '../helpers/axe';

let world: World;
let tablet: Tablet;
let page: Page;
let group: string;
const axe = createAxeLog();
const WORDS = 'Refused-marker the family asked for the next visit to be after school';

beforeAll(async () => {
  world = await startWorld();
  ({ group } = await addObserverAndQaLead(world));
  ({ tablet, page } = await launchSignedInTablet(world.server.url, 'sam@example.org'));
});
afterAll(async () => {
  await tablet?.context.close();
  await world?.stop();
});

async function admin(method: string, path: string) {
  const res = await fetch(`${world.server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${world.adminToken}` },
  });
  expect(res.status, path).toBeLessThan(300);
  return res.json() as Promise<{ users: { id: string; email: string }[] }>;
}

test('a new observation refused after the observer left the team is kept in one place until read', async () => {
  await syncNow(page);
  // Offline, Sam starts a new observation; meanwhile he is taken out of the team.
  await tablet.context.setOffline(true);
  const { users } = await admin('GET', '/api/admin/users');
  const sam = users.find((u) => u.email === 'sam@example.org')!;
  await admin('DELETE', `/api/admin/users/${sam.id}/memberships/${group}`);
  await page.getByRole('link', { name: 'New observation' }).click();
  await page.getByLabel('Frontline practice observation', { exact: true }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('link', { name: 'Strengths and areas for development' }).click();
  await page.getByLabel('Strengths').fill(WORDS);
  await page.getByTestId('save-status').filter({ hasText: 'Saved on this device' }).waitFor();

  // Back online: the server refuses the change; the banner says so and leads to the list.
  await tablet.context.setOffline(false);
  await syncNow(page);
  const banner = page.getByTestId('sync-status');
  // The start of the observation and the words typed into it are refused together.
  await banner
    .getByText(/^\d+ changes? (was|were) not accepted: see what was not saved and why\.$/)
    .waitFor();
  await banner.getByRole('link', { name: 'Changes not accepted' }).click();
  await page
    .getByRole('heading', { name: 'Changes the server did not accept', level: 1 })
    .waitFor();
  await page.getByText(`What you entered: ${WORDS}`).waitFor();
  await axe.scan(page, 'changes the server did not accept');
  // The observation itself is not on the tablet any more: this page is where his words are.
  await page.getByRole('link', { name: 'Your observations', exact: true }).click();
  await page.getByText('You have no drafts.').waitFor();
  await page.getByRole('link', { name: 'Account', exact: true }).click();
  await page.getByRole('link', { name: /see what was not accepted and why/ }).click();
  const read = page.getByRole('button', { name: 'I have read this refused change' });
  await read.first().waitFor();
  while ((await read.count()) > 0) {
    const before = await read.count();
    await read.first().click();
    await expect.poll(() => read.count()).toBe(before - 1);
  }
  await page.getByText('There are none: every change you made was accepted.').waitFor();
  await axe.scan(page, 'changes the server did not accept, none left');
  expect(axe.findings).toEqual([]);
}, 180_000);
