// Fills in every part of an observation through the app's own screens, as an observer would:
// an answer for each question, evidence beside each, the summary parts, call attempts and
// actions. Used by the real-browser tests of the tablet app.
import type { Page } from 'playwright-core';

export const TODAY_PARTS = (() => {
  const d = new Date();
  return {
    day: String(d.getDate()),
    month: String(d.getMonth() + 1),
    year: String(d.getFullYear()),
  };
})();

const PREFERRED = ['Good', 'Yes', 'Parent', 'Initial', 'First review', '7'];

/** Chooses an answer in every radio group with none chosen yet. */
async function answerRadios(page: Page): Promise<void> {
  const groups = page.locator('main .govuk-radios');
  const count = await groups.count();
  for (let i = 0; i < count; i++) {
    const group = groups.nth(i);
    if ((await group.locator('input:checked').count()) > 0) continue;
    const labels = group.locator('label.govuk-radios__label');
    const texts = (await labels.allTextContents()).map((t) => t.trim());
    const pick =
      PREFERRED.map((p) => texts.findIndex((t) => t === p || t.startsWith(`${p} `))).find(
        (x) => x >= 0,
      ) ?? 0;
    await labels.nth(pick).click();
  }
}

async function fillDates(page: Page): Promise<void> {
  const days = page.locator('main .govuk-date-input');
  const count = await days.count();
  for (let i = 0; i < count; i++) {
    const inputs = days.nth(i).locator('input');
    if ((await inputs.nth(0).inputValue()) !== '') continue;
    await inputs.nth(0).fill(TODAY_PARTS.day);
    await inputs.nth(1).fill(TODAY_PARTS.month);
    await inputs.nth(2).fill(TODAY_PARTS.year);
  }
}

async function fillTexts(page: Page, words: string): Promise<void> {
  const areas = page.locator('main textarea.govuk-textarea:not([id$="-merged"])');
  const count = await areas.count();
  for (let i = 0; i < count; i++) {
    const area = areas.nth(i);
    if ((await area.inputValue()) === '') await area.fill(`${words} ${i + 1}`);
  }
}

async function fillContext(page: Page, caseId: string): Promise<void> {
  const inputs: [string, string][] = [['Case ID', caseId]];
  await page.locator('main input[id="f-context--observedName"]').fill('Alex Morgan');
  await page.locator('main input[id="f-context--observedRole"]').fill('Social worker');
  for (const [label, value] of inputs) await page.getByLabel(label, { exact: true }).fill(value);
  await page.locator('main input[id="f-context--setting"]').fill('Family home');
  await fillDates(page);
  const consent = page.locator('main input[name="consent-given"]');
  if ((await consent.count()) > 0) {
    await page.locator('main label[for="f-context--consent--given"]').click();
    await page.locator('main input[id="f-context--consent--byWhom"]').fill('The child’s mother');
    await page
      .locator('main textarea[id="f-context--consent--how"]')
      .fill('Verbally, at the start');
  }
}

/**
 * Opens each part from the task list (in-app links: a reload would lock the app) and completes
 * it; ends on "Check your answers". `visit` is called on every screen, for axe.
 */
export async function completeObservation(
  page: Page,
  caseId: string,
  visit: (screen: string) => Promise<void> = async () => undefined,
): Promise<void> {
  await page.locator('.govuk-task-list').waitFor();
  await visit('task list');
  const count = await page.locator('.govuk-task-list__link').count();
  for (let i = 0; i < count; i++) {
    const link = page.locator('.govuk-task-list__link').nth(i);
    const title = (await link.textContent())?.trim() ?? `part ${i}`;
    await link.click();
    await page.getByRole('link', { name: 'Return to the task list' }).first().waitFor();
    if (page.url().endsWith('/context')) {
      await fillContext(page, caseId);
    } else if (page.url().endsWith('/calls')) {
      // A call whose attempts the test has recorded already keeps them as they are.
      if ((await page.getByRole('table', { name: /^Attempts so far: / }).count()) === 0) {
        await page.locator('label[for="call-outcome-4"]').click();
        await page.getByRole('button', { name: 'Add call attempt' }).click();
        await page.getByText('Call attempt added').waitFor();
      }
    } else if (page.url().endsWith('/actions')) {
      await page.getByRole('button', { name: 'Add an action' }).click();
      await page.getByRole('heading', { name: 'Improvement action' }).waitFor();
      await page
        .getByLabel('What needs to be done')
        .fill('Share the plan with the family in writing');
      await page.getByLabel('Who will do it').fill('Alex Morgan, social worker');
      await fillDates(page);
      await visit(`${title}: one action`);
      await page.getByRole('button', { name: 'Save and return to the actions' }).click();
      await page.getByRole('button', { name: 'Add an action' }).waitFor();
    } else {
      await answerRadios(page);
      // Radios can reveal more questions (a feedback date): answer those too.
      await answerRadios(page);
      await fillDates(page);
      await fillTexts(page, 'Seen and heard during the visit, note');
    }
    // Pages that autosave say when it is on the disk; wait for that before leaving.
    const status = page.getByTestId('save-status');
    if ((await status.count()) > 0) {
      await status.first().filter({ hasText: 'Saved on this device' }).waitFor();
    }
    await visit(title);
    await page.getByRole('link', { name: 'Return to the task list' }).first().click();
    await page.locator('.govuk-task-list').waitFor();
  }
  await page.getByRole('button', { name: 'Check your answers' }).click();
  await page.getByRole('heading', { name: 'Check your answers' }).waitFor();
  await visit('check your answers');
}
