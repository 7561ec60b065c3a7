// One observation (a family feedback call) completed and submitted with the keyboard alone: every
// field reached with Tab, radios chosen with the arrow keys and Space, links and buttons with Enter.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import type { Tablet } from '../helpers/browser';
import { launchSignedInTablet, startWorld } from '../helpers/app-world';
import type { World } from '../helpers/app-world';

let world: World;
let tablet: Tablet;
let page: Page;

type Focused = {
  tag: string;
  type: string;
  name: string;
  text: string;
  label: string;
  value: string;
  groupChecked: boolean;
  inMain: boolean;
};

async function focused(p: Page): Promise<Focused> {
  return p.evaluate(() => {
    const el = document.activeElement as HTMLInputElement | null;
    if (!el)
      return {
        tag: '',
        type: '',
        name: '',
        text: '',
        label: '',
        value: '',
        groupChecked: false,
        inMain: false,
      };
    const name = el.getAttribute('name') ?? '';
    return {
      tag: el.tagName.toLowerCase(),
      type: el.getAttribute('type') ?? '',
      name,
      text: (el.textContent ?? '').trim(),
      label: (el.labels?.[0]?.textContent ?? '').trim(),
      value: el.value ?? '',
      groupChecked:
        el.type === 'radio' &&
        document.querySelector(`input[name="${CSS.escape(name)}"]:checked`) !== null,
      inMain: el.closest('main') !== null,
    };
  });
}

/** Presses Tab until the focused element matches, or fails after `limit` presses. */
async function tabTo(p: Page, match: (f: Focused) => boolean, limit = 120): Promise<Focused> {
  for (let i = 0; i < limit; i++) {
    await p.keyboard.press('Tab');
    const f = await focused(p);
    if (match(f)) return f;
  }
  throw new Error('Tab never reached the element');
}

/** Walks every control on the page with Tab, answering what is empty, until `until`. */
async function fillWithKeyboard(p: Page, until: (f: Focused) => boolean): Promise<void> {
  for (let i = 0; i < 300; i++) {
    await p.keyboard.press('Tab');
    const f = await focused(p);
    if (until(f)) return;
    if (!f.inMain) continue;
    if (f.type === 'radio' && !f.groupChecked) {
      if (f.name === 'call-outcome') {
        for (let k = 0; k < 3; k++) await p.keyboard.press('ArrowDown');
      } else {
        await p.keyboard.press('Space');
      }
    } else if (
      (f.tag === 'input' && (f.type === 'text' || f.type === 'email')) ||
      f.tag === 'textarea'
    ) {
      if (f.value !== '') continue;
      const now = new Date();
      const text =
        f.label === 'Day'
          ? String(now.getDate())
          : f.label === 'Month'
            ? String(now.getMonth() + 1)
            : f.label === 'Year'
              ? String(now.getFullYear())
              : f.label === 'Case ID'
                ? 'KB-2001'
                : f.label.startsWith('Start time')
                  ? ''
                  : `Typed with the keyboard (${f.label.slice(0, 30)})`;
      if (text) await p.keyboard.type(text);
    } else if (f.tag === 'button' && f.text === 'Add call attempt') {
      await p.keyboard.press('Enter');
      await p.getByText('Call attempt added').waitFor();
    }
  }
  throw new Error('the page never ended');
}

beforeAll(async () => {
  world = await startWorld();
  const service = await world.addScope('Children in need', 'service');
  const group = await world.addScope('CIN team 2', 'practice-group', service);
  await world.addUser({
    email: 'kay@example.org',
    role: 'observer',
    name: 'Kay Bell',
    scopeIds: [group],
  });
  ({ tablet, page } = await launchSignedInTablet(world.server.url, 'kay@example.org'));
});
afterAll(async () => {
  await tablet?.context.close();
  await world?.stop();
});

test('a family feedback call from start to submission with the keyboard alone', async () => {
  await page.locator('body').focus();
  await tabTo(page, (f) => f.tag === 'a' && f.text === 'New observation');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'What are you recording?' }).waitFor();
  await tabTo(page, (f) => f.type === 'radio');
  await page.keyboard.press('Space');
  for (let k = 0; k < 3; k++) await page.keyboard.press('ArrowDown');
  expect(await page.getByLabel('Family feedback call', { exact: true }).isChecked()).toBe(true);
  await tabTo(page, (f) => f.tag === 'button' && f.text === 'Continue');
  await page.keyboard.press('Enter');
  await page.locator('.govuk-task-list').waitFor();

  const tasks = await page.locator('.govuk-task-list__link').allTextContents();
  for (const task of tasks) {
    await tabTo(page, (f) => f.tag === 'a' && f.text === task.trim());
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: 'Return to the task list' }).first().waitFor();
    await fillWithKeyboard(page, (f) => f.tag === 'a' && f.text === 'Return to the task list');
    await page.keyboard.press('Enter');
    await page.locator('.govuk-task-list').waitFor();
  }
  await tabTo(page, (f) => f.tag === 'a' && f.text === 'Check your answers');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Check your answers' }).waitFor();
  await tabTo(page, (f) => f.tag === 'button' && f.text === 'Submit', 400);
  await page.keyboard.press('Enter');
  const problems = page.locator('.govuk-error-summary');
  const done = page.getByRole('heading', { name: 'Family feedback call submitted' });
  await Promise.race([problems.waitFor(), done.waitFor()]);
  expect(await problems.count(), (await problems.textContent().catch(() => '')) ?? '').toBe(0);
  await done.waitFor();
});
