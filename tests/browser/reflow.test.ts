// Reflow (WCAG 1.4.10): at 320 CSS pixels wide, the width of a tablet held upright with its text
// at 240% or a phone, no screen scrolls sideways: an observer records and submits an observation
// and a QA lead visits every screen of their menu and moderates it, with axe (and its sideways
// check, tests/helpers/axe.ts) on each screen; an administrator's list of tablets too. A wide table
// scrolls inside its own region.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchTablet } from '../helpers/browser';
import type { Tablet } from '../helpers/browser';
import {
  ADMIN,
  addObserverAndQaLead,
  signInFirstTime,
  startWorld,
  waitAllSent,
} from '../helpers/app-world';
import type { World } from '../helpers/app-world';
import { axeScan, createAxeLog } from '../helpers/axe';
import { completeObservation } from '../helpers/fill-observation';

const NARROW = { width: 320, height: 640 };
const QA_MENU = [
  'Your observations',
  'My assignments',
  'Plan audits',
  'Coverage',
  'Moderation',
  'Actions',
  'Safety concerns',
  'Reports',
  'Account',
];

let world: World;
const tablets: Tablet[] = [];
const axe = createAxeLog();

beforeAll(async () => {
  world = await startWorld({ DUTY_PHONE: '020 7946 0000' });
  await addObserverAndQaLead(world);
});
afterAll(async () => {
  for (const t of tablets) await t.context.close();
  await world?.stop();
});

async function narrowPage() {
  const t = await launchTablet({ viewport: NARROW });
  tablets.push(t);
  return t.context.newPage();
}

test('at 320 pixels wide, nothing scrolls sideways for an observer or a QA lead', async () => {
  const sam = await narrowPage();
  await signInFirstTime(sam, world.server.url, 'sam@example.org');
  await axe.scan(sam, 'observer: home');
  await sam.getByRole('link', { name: 'New observation' }).click();
  await sam.getByRole('heading', { name: 'What are you recording?' }).waitFor();
  await axe.scan(sam, 'observer: choose kind');
  await sam.getByLabel('Frontline practice observation', { exact: true }).check();
  await sam.getByRole('button', { name: 'Continue' }).click();
  await completeObservation(sam, 'AB-1001', (screen) => axe.scan(sam, `observer: ${screen}`));
  await sam.getByRole('button', { name: /^Submit/ }).click();
  await sam.getByRole('heading', { name: /submitted$/ }).waitFor();
  await axe.scan(sam, 'observer: submitted');
  await waitAllSent(sam);

  const qa = await narrowPage();
  await signInFirstTime(qa, world.server.url, 'qa@example.org');
  for (const item of QA_MENU) {
    await qa.getByRole('link', { name: item, exact: true }).click();
    await qa.locator('main h1').first().waitFor();
    // Screens that ask the server (coverage, reports) are scanned once their answer is shown.
    await qa.waitForLoadState('networkidle');
    await axe.scan(qa, `QA lead: ${item}`);
  }
  await qa.getByRole('link', { name: 'Moderation', exact: true }).click();
  await qa.getByRole('link', { name: /Frontline practice observation of Alex Morgan/ }).click();
  await qa.getByRole('heading', { name: 'Moderate: Frontline practice observation' }).waitFor();
  await axe.scan(qa, 'QA lead: moderate');

  console.log(`axe scanned ${axe.screens.length} screens at 320 px`);
  if (axe.findings.length) console.log(JSON.stringify(axe.findings, null, 1));
  expect(axe.screens.length).toBeGreaterThan(20);
  expect(axe.findings).toEqual([]);
}, 300_000);

test('at 320 pixels wide, the administrator’s list of tablets does not scroll sideways', async () => {
  // Its cells hold visually hidden link text, positioned absolutely: it must stay inside the
  // table's own scrolling region, not stretch the page.
  const admin = await narrowPage();
  await signInFirstTime(admin, world.server.url, ADMIN.email, ADMIN.password);
  await admin.getByRole('link', { name: 'Administration', exact: true }).click();
  await admin.getByRole('link', { name: 'Tablets', exact: true }).click();
  await admin.getByRole('heading', { name: 'Tablets', level: 1 }).waitFor();
  // At least this tablet is listed (and those signed in above, when that test ran).
  await admin.locator('table tbody tr').first().waitFor();
  expect(await admin.getByRole('link', { name: /^Remove / }).count()).toBeGreaterThan(0);
  const width = await admin.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  expect(width.scroll).toBeLessThanOrEqual(width.client);
  expect(await axeScan(admin, 'administrator: tablets')).toEqual([]);
}, 120_000);

test('on a tablet held upright, the report’s charts are drawn at their own size and their tables are whole', async () => {
  // Side by side at 810 pixels, a chart was shrunk to two thirds (its labels read at about 10px)
  // and the table of figures by quarter beside it was cut off after its second column.
  const t = await launchTablet({ viewport: { width: 810, height: 1080 } });
  tablets.push(t);
  const qa = await t.context.newPage();
  await signInFirstTime(qa, world.server.url, 'qa@example.org');
  await qa.getByRole('link', { name: 'Reports', exact: true }).click();
  await qa.getByRole('heading', { name: 'Trend across the quarters' }).waitFor();
  const charts = await qa.evaluate(() =>
    [...document.querySelectorAll('.app-chart')].map((chart) => {
      const label = chart.querySelector('.app-chart__label');
      const region = chart.querySelector('.app-chart__table .app-scroll-region');
      return {
        name: chart.querySelector('figcaption')?.textContent ?? '',
        labelPx: label ? label.getBoundingClientRect().height : 16,
        tableCut: region ? region.scrollWidth > region.clientWidth + 1 : false,
        widths: region ? `${region.scrollWidth}/${region.clientWidth}` : '',
      };
    }),
  );
  expect(charts.length).toBeGreaterThan(3);
  for (const c of charts) {
    expect(c.labelPx, c.name).toBeGreaterThanOrEqual(14);
    expect(c.tableCut, `${c.name} ${c.widths}`).toBe(false);
  }
}, 120_000);
