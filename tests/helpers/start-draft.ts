// A new observation started in a real browser, as an observer does from the home screen.
import type { Page } from 'playwright-core';

/** Starts a frontline practice observation and waits for its task list. */
export async function startFrontlineDraft(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'New observation' }).click();
  await page.getByLabel('Frontline practice observation', { exact: true }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.locator('.govuk-task-list').waitFor();
}
