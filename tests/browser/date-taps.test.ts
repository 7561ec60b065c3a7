// A half-typed date is pointed out when the person leaves its boxes, and that message appears
// above everything after the date. When they leave the boxes by tapping something below (a
// consent radio), the message must not move that radio away between press and release: in real
// Chromium, the tap selects the radio and the message appears after it.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { addObserverAndQaLead, signedInTablet, startWorld } from '../helpers/app-world';
import type { World } from '../helpers/app-world';
import type { Tablet } from '../helpers/browser';
import { createAxeLog } from '../helpers/axe';

let world: World;
const tablets: Tablet[] = [];
let page: Page;
const axe = createAxeLog();

beforeAll(async () => {
  world = await startWorld();
  await addObserverAndQaLead(world);
  page = await signedInTablet(world, tablets, 'sam@example.org');
});
afterAll(async () => {
  for (const t of tablets) await t.context.close();
  await world?.stop();
});

test('a tap that leaves a half-typed date lands where it was aimed, then the date is pointed out', async () => {
  await page.getByRole('link', { name: 'New observation' }).click();
  await page.getByLabel('Frontline practice observation', { exact: true }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('link', { name: 'About the observation' }).click();
  await page.getByRole('heading', { name: 'About the observation' }).waitFor();

  const date = page.getByRole('group', { name: 'Date of the observation' });
  const message = page.getByText('Enter a real date');
  await date.getByLabel('Day').fill('27');

  const yes = page.getByRole('radio', { name: 'Yes' });
  await yes.scrollIntoViewIfNeeded();
  const box = (await page.locator('label[for="f-context--consent--given"]').boundingBox())!;
  // One press and release where the person aimed, as a finger does (no re-aiming in between).
  await page.mouse.move(box.x + 20, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.up();
  await expect.poll(() => yes.isChecked(), { timeout: 5_000 }).toBe(true);
  await message.first().waitFor();

  // Once the date is real the message goes; moving between the boxes is still typing the date.
  await date.getByLabel('Month').fill('3');
  await date.getByLabel('Year').fill('2026');
  await expect.poll(() => message.count(), { timeout: 5_000 }).toBe(0);
  await date.getByLabel('Year').fill('');
  await date.getByLabel('Month').click();
  await date.getByLabel('Day').click();
  expect(await message.count()).toBe(0);
  await page.getByLabel('Start time (optional)').click();
  await message.first().waitFor();
  await axe.scan(page, 'a half-typed date pointed out');
  if (axe.findings.length) console.log(JSON.stringify(axe.findings, null, 1));
  expect(axe.findings).toEqual([]);
}, 120_000);
