// An improvement action edited on a tablet with no signal while the same observer removes it on
// another device (an HTTP client standing for a second tablet). When the tablet syncs, the server
// keeps its edit on the removed action with a "deleted" conflict. The tablet must show the action
// with what was typed and offer it back, as it offers back an observation deleted elsewhere: on
// the home screen, the task list, the actions list and the action's own page (never "Observation
// not found"); restoring it brings it back on the server and on the other device, with the edit.
// axe runs on every screen that changed.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import type { Tablet } from '../helpers/browser';
import {
  addObserver,
  launchSignedInTablet,
  PASSWORD,
  startWorld,
  syncNow,
} from '../helpers/app-world';
import type { World } from '../helpers/app-world';
import { startFrontlineDraft } from '../helpers/start-draft';
import { createAxeLog } from '../helpers/axe';
import { HttpSyncClient, signInHttp } from '../helpers/http-client';

let world: World;
let tablet: Tablet;
let page: Page;
const axe = createAxeLog();
const FIRST = 'Share the plan with the family';
const EDIT =
  'Share the plan with the family in writing, and phone the grandmother (typed with no signal)';

beforeAll(async () => {
  world = await startWorld();
  await addObserver(world);
  ({ tablet, page } = await launchSignedInTablet(world.server.url, 'sam@example.org'));
});
afterAll(async () => {
  await tablet?.context.close();
  await world?.stop();
});

const saved = () =>
  page.getByTestId('save-status').filter({ hasText: 'Saved on this device' }).first().waitFor();

test('an action edited here and removed on another device is shown with the edit, offered back, and restored everywhere', async () => {
  // Tablet A starts an observation with one action, and sends it.
  await startFrontlineDraft(page);
  const observationPath = new URL(page.url()).pathname;
  await page.getByRole('link', { name: 'About the observation' }).click();
  await page.getByLabel('Case ID', { exact: true }).fill('AC-2001');
  await saved();
  await page.getByRole('link', { name: 'Return to the task list' }).first().click();
  await page.locator('main').getByRole('link', { name: 'Improvement actions' }).click();
  await page.getByRole('button', { name: 'Add an action' }).click();
  await page.getByLabel('What needs to be done').fill(FIRST);
  await saved();
  const actionPath = new URL(page.url()).pathname;
  await page.getByRole('button', { name: 'Save and return to the actions' }).click();
  await page.getByRole('button', { name: 'Add an action' }).waitFor();
  await syncNow(page);

  // With no signal, tablet A changes what needs to be done.
  await page.getByRole('link', { name: 'Your observations' }).click();
  await page.locator(`main a[href="${observationPath}"]`).first().click();
  await page.locator('main').getByRole('link', { name: 'Improvement actions' }).click();
  await page.locator(`main a[href="${actionPath}"]`).first().click();
  await tablet.context.setOffline(true);
  await page.getByLabel('What needs to be done').fill(EDIT);
  await saved();

  // Meanwhile the same observer removes the action on another device.
  const other = new HttpSyncClient(
    () => world.server.url,
    await signInHttp(world.server.url, 'sam@example.org', PASSWORD, 'Tablet B'),
  );
  await other.pullAll();
  const actionId = actionPath.split('/').pop()!;
  const held = other.records.get(actionId)!;
  expect(held.fields['what']).toBe(FIRST);
  other.add({
    recordId: actionId,
    type: 'action',
    op: 'delete',
    baseVersion: held.version,
    set: {},
  });
  await other.pushAll();

  // Tablet A comes back and syncs: the server keeps its edit on the removed action.
  await tablet.context.setOffline(false);
  await syncNow(page);
  await other.pullAll();
  expect(other.records.get(actionId)).toMatchObject({ deleted: true, fields: { what: EDIT } });
  expect(other.records.get(actionId)!.conflicts.map((c) => c.kind)).toEqual(['deleted']);

  // The home screen names it, with its case and its words.
  await page.getByRole('link', { name: 'Your observations' }).click();
  const waiting = page.getByTestId('deleted-elsewhere');
  await waiting.waitFor();
  expect(await waiting.innerText()).toContain('An improvement action in case AC-2001');
  expect(await waiting.innerText()).toContain('phone the grandmother');
  await axe.scan(page, 'home: removed elsewhere listed');

  // The task list points to it.
  await page.locator(`main a[href="${observationPath}"]`).first().click();
  const banner = page.getByRole('region', { name: 'Removed on another device' });
  await banner.waitFor();
  expect(await banner.getByRole('link').getAttribute('href')).toBe(actionPath);
  await axe.scan(page, 'task list: removed elsewhere');

  // The actions list shows it with what was typed, apart from the actions still there.
  await page.locator('main').getByRole('link', { name: 'Improvement actions' }).click();
  const removed = page.getByTestId('removed-elsewhere');
  await removed.waitFor();
  expect(await removed.innerText()).toContain(EDIT);
  expect(await page.getByText('No actions yet.').count()).toBe(1);
  await axe.scan(page, 'actions: removed elsewhere');

  // The action's own page says what happened, shows the words and offers it back.
  await page.getByRole('link', { name: 'Return to the task list' }).first().click();
  await banner.getByRole('link').click();
  await page
    .getByRole('heading', { name: 'This improvement action was removed on another device' })
    .waitFor();
  expect(await page.getByText('Observation not found').count()).toBe(0);
  expect(await page.locator('main').innerText()).toContain(EDIT);
  await axe.scan(page, 'action: removed elsewhere');
  await page.getByRole('button', { name: 'Restore it' }).click();
  await page.getByRole('alert').filter({ hasText: 'The action was restored' }).waitFor();
  expect(await page.getByLabel('What needs to be done').inputValue()).toBe(EDIT);
  await axe.scan(page, 'action: restored');

  // Restored on the server, with the edit, and on the other device; nothing left to decide.
  await syncNow(page);
  await other.pullAll();
  expect(other.records.get(actionId)).toMatchObject({
    deleted: false,
    conflicts: [],
    fields: { what: EDIT },
  });
  await page.getByRole('link', { name: 'Your observations' }).click();
  await page.getByRole('heading', { name: /^Drafts/ }).waitFor();
  expect(await page.getByTestId('deleted-elsewhere').count()).toBe(0);
  await page.locator(`main a[href="${observationPath}"]`).first().click();
  await page.locator('.govuk-task-list').waitFor();
  expect(await page.getByRole('region', { name: 'Removed on another device' }).count()).toBe(0);
  await page.locator('main').getByRole('link', { name: 'Improvement actions' }).click();
  await page.getByRole('heading', { name: 'Action 1' }).waitFor();
  expect(await page.locator('main').innerText()).toContain(EDIT);
  expect(await page.getByTestId('removed-elsewhere').count()).toBe(0);

  if (axe.findings.length) console.log(JSON.stringify(axe.findings, null, 1));
  expect(axe.findings).toEqual([]);
  expect(axe.screens).toHaveLength(5);
});
