// The criteria new in WCAG 2.2 (AA), on a touch tablet held upright (810 by 1080) and on its side
// (1080 by 810): signing in and unlocking take a password manager and paste (3.3.8); on every
// screen a senior manager passes through recording a frontline practice observation (home, each
// part, check your answers, the confirmation, the actions, the account, a safety concern) and an
// auditor through a single case audit, targets are large enough or spaced (2.5.8), focus is never
// hidden under something fixed (2.4.11) and help comes in the same order (3.2.6); and who will do
// an improvement action is chosen from the names the observation already holds, not typed again
// (3.3.7).
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { launchTablet, waitForServiceWorkerControl } from '../helpers/browser';
import type { Tablet } from '../helpers/browser';
import { addObserverAndQaLead, PASSWORD, SECRET, startWorld, unlock } from '../helpers/app-world';
import type { World } from '../helpers/app-world';
import { axeScan } from '../helpers/axe';
import { completeObservation } from '../helpers/fill-observation';
import { helpInOrder, helpOrderClashes, hiddenFocus, smallTargets } from '../helpers/wcag22';

const UPRIGHT = { width: 810, height: 1080 };
const ON_ITS_SIDE = { width: 1080, height: 810 };

let world: World;
let tablet: Tablet;
let page: Page;

beforeAll(async () => {
  world = await startWorld({ DUTY_PHONE: '020 7946 0000' });
  await addObserverAndQaLead(world);
  tablet = await launchTablet({ viewport: UPRIGHT, touch: true });
  page = await tablet.context.newPage();
});
afterAll(async () => {
  await tablet?.context.close();
  await world?.stop();
});

type Field = { autocomplete: string | null; pasteRefused: boolean };

/** A field's autocomplete, and whether it refuses a paste (a handler cancelling the event). */
async function field(selector: string): Promise<Field> {
  return page.evaluate((sel) => {
    const input = document.querySelector<HTMLInputElement>(sel);
    if (!input) throw new Error(`no field ${sel}`);
    const data = new DataTransfer();
    data.setData('text/plain', 'pasted from a password manager');
    const paste = new ClipboardEvent('paste', {
      clipboardData: data,
      bubbles: true,
      cancelable: true,
    });
    input.dispatchEvent(paste);
    return {
      autocomplete: input.getAttribute('autocomplete'),
      pasteRefused: paste.defaultPrevented,
    };
  }, selector);
}

/** The hidden username a password manager files the unlock secret under. */
const secretUsername = () =>
  page.evaluate(() => {
    const u = document.querySelector<HTMLInputElement>('input[name="username"][hidden]');
    return u ? { autocomplete: u.getAttribute('autocomplete'), value: u.value } : null;
  });

test('signing in and unlocking take a password manager and paste (3.3.8)', async () => {
  // Everything is read on the way and compared at the end, so the journey goes on to the home
  // screen (where the next tests start) whatever it finds.
  const seen: Record<string, unknown> = {};
  await page.goto(world.server.url);
  await waitForServiceWorkerControl(page);
  await page.getByLabel('Email address').waitFor();
  seen['email'] = await field('#email');
  seen['password'] = await field('#password');
  await page.getByLabel('Email address').fill('sam@example.org');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).tap();

  await page.getByRole('heading', { name: 'Choose an unlock secret for this tablet' }).waitFor();
  seen['new secret'] = await field('#secret');
  seen['new secret again'] = await field('#secret-again');
  seen['new secret username'] = await secretUsername();
  await page.getByLabel('Unlock secret', { exact: true }).fill(SECRET);
  await page.getByLabel('Enter the unlock secret again').fill(SECRET);
  await page.getByRole('button', { name: 'Save and continue' }).tap();
  await page.getByRole('heading', { name: 'Your observations' }).waitFor({ timeout: 30_000 });

  await page.getByRole('button', { name: /^Lock/ }).tap();
  await page.getByLabel('Unlock secret').waitFor();
  seen['unlock secret'] = await field('#unlock-secret');
  seen['unlock username'] = await secretUsername();
  await unlock(page);
  await page.getByRole('heading', { name: 'Your observations' }).waitFor();

  const free = (autocomplete: string) => ({ autocomplete, pasteRefused: false });
  // The unlock secret is saved as a login of its own beside the account's password.
  const tablet = { autocomplete: 'username', value: 'sam@example.org (this tablet)' };
  expect(seen).toEqual({
    email: free('username'),
    password: free('current-password'),
    'new secret': free('new-password'),
    'new secret again': free('new-password'),
    'new secret username': tablet,
    'unlock secret': free('current-password'),
    'unlock username': tablet,
  });
});

let problems: string[] = [];
/** The help on every screen of both journeys: one set of pages, one order (3.2.6). */
const help: Record<string, string[]> = {};

/** Measures the screen as it is, upright and on its side; ends upright. */
async function measure(screen: string) {
  for (const [name, size] of [
    ['upright', UPRIGHT],
    ['on its side', ON_ITS_SIDE],
  ] as const) {
    await page.setViewportSize(size);
    const at = `${screen} (${name})`;
    problems.push(...(await smallTargets(page, at)), ...(await hiddenFocus(page, at)));
    help[at] = await helpInOrder(page);
  }
  await page.setViewportSize(UPRIGHT);
}

/** From check your answers: submits, and measures the confirmation. */
async function submitAndMeasure(what: string) {
  await page.getByRole('button', { name: /^Submit/ }).tap();
  await page.getByRole('heading', { name: /submitted$/ }).waitFor();
  await measure(`${what}: submitted`);
}

test('every screen of an observation has targets of 24 px or spaced, focus in sight and help in one order (2.5.8, 2.4.11, 3.2.6)', async () => {
  await measure('home');
  await page.getByRole('link', { name: 'New observation' }).tap();
  await page.getByRole('heading', { name: 'What are you recording?' }).waitFor();
  await measure('choose kind');
  await page.getByLabel('Frontline practice observation', { exact: true }).check();
  await page.getByRole('button', { name: 'Continue' }).tap();
  await completeObservation(page, 'AB-2201', measure);
  await page.getByRole('button', { name: 'Report a safety concern' }).first().tap();
  await page.getByRole('heading', { name: /safety concern/i, level: 1 }).waitFor();
  await measure('report a safety concern');
  await page.goBack();
  await submitAndMeasure('frontline practice observation');
  await page.getByRole('link', { name: 'Actions', exact: true }).tap();
  await page.locator('main h1').waitFor();
  await measure('actions');
  await page.getByRole('link', { name: 'Account', exact: true }).tap();
  await page.locator('main h1').waitFor();
  await measure('account');

  expect(Object.keys(help).length).toBeGreaterThan(30);
  // The journey met the help this measures: the safety concern button and the footer's links.
  expect(Object.values(help).flat()).toContain('Report a safety concern');
  expect(Object.values(help).flat()).toContain('Accessibility statement');
  expect({ problems, clashes: helpOrderClashes(help) }).toEqual({ problems: [], clashes: [] });
}, 120_000);

test('every screen of a single case audit has targets of 24 px or spaced, focus in sight and help in the same order (2.5.8, 2.4.11, 3.2.6)', async () => {
  problems = [];
  await page.getByRole('link', { name: 'Your observations', exact: true }).tap();
  await page.getByRole('link', { name: 'New observation' }).tap();
  await page.getByLabel('Single case audit', { exact: true }).check();
  await page.getByRole('button', { name: 'Continue' }).tap();
  await completeObservation(page, 'AB-2202', (screen) => measure(`audit: ${screen}`));
  await submitAndMeasure('single case audit');

  expect(Object.keys(help).filter((s) => s.startsWith('audit: ')).length).toBeGreaterThan(30);
  expect({ problems, clashes: helpOrderClashes(help) }).toEqual({ problems: [], clashes: [] });
}, 120_000);

test('who will do an action is chosen from the names the observation holds, not typed again (3.3.7)', async () => {
  await page.getByRole('link', { name: 'Your observations', exact: true }).tap();
  await page.getByRole('link', { name: 'New observation' }).tap();
  await page.getByLabel('Frontline practice observation', { exact: true }).check();
  await page.getByRole('button', { name: 'Continue' }).tap();
  await page.getByRole('link', { name: 'About the observation' }).tap();
  await page.locator('#f-context--observedName').fill('Jo Lee');
  await page.locator('#f-context--observedRole').fill('Social worker');
  await page.getByTestId('save-status').filter({ hasText: 'Saved on this device' }).waitFor();
  await page.getByRole('link', { name: 'Return to the task list' }).first().tap();
  await page.getByRole('link', { name: 'Improvement actions' }).tap();

  const newAction = async () => {
    await page.getByRole('button', { name: 'Add an action' }).tap();
    await page.getByRole('heading', { name: 'Improvement action', exact: true }).waitFor();
  };
  const who = page.getByLabel('Who will do it');
  const offers = () => page.getByRole('button', { name: /^Use ‘/ }).allTextContents();

  await newAction();
  await expect.poll(offers).toEqual(['Use ‘Jo Lee, Social worker’']);
  await page.getByRole('button', { name: 'Use ‘Jo Lee, Social worker’' }).tap();
  expect(await who.inputValue()).toBe('Jo Lee, Social worker');
  // The offer it came from is gone: focus is on the filled field, not lost.
  expect(await page.evaluate(() => document.activeElement?.id)).toBe(await who.getAttribute('id'));
  await expect.poll(offers).toEqual([]);
  await page.getByTestId('save-status').filter({ hasText: 'Saved on this device' }).waitFor();
  await page.getByRole('button', { name: 'Save and return to the actions' }).tap();

  await newAction();
  expect(await axeScan(page, 'action: a name offered')).toEqual([]);
  await who.fill('Robin Shah, Team manager');
  await page.getByTestId('save-status').filter({ hasText: 'Saved on this device' }).waitFor();
  await page.getByRole('button', { name: 'Save and return to the actions' }).tap();

  // Each name once, the person observed first.
  await newAction();
  await expect
    .poll(offers)
    .toEqual(['Use ‘Jo Lee, Social worker’', 'Use ‘Robin Shah, Team manager’']);
  await page.getByRole('button', { name: 'Use ‘Robin Shah, Team manager’' }).tap();
  expect(await who.inputValue()).toBe('Robin Shah, Team manager');
  await expect.poll(offers).toEqual(['Use ‘Jo Lee, Social worker’']);
}, 60_000);
