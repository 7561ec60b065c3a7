// The safety concern form in a real browser, filled and kept with no signal.
import type { Page } from 'playwright-core';

export type ConcernWords = { what: string; caseId: string; toldName: string; toldRole?: string };

/** Fills the open concern form, keeps it to send when there is a signal, and waits for the page
 * that says it has not been sent yet. */
export async function keepConcernOffline(page: Page, words: ConcernWords): Promise<void> {
  await page.getByLabel('What is the concern?').fill(words.what);
  await page.getByLabel('Case ID').fill(words.caseId);
  await page.getByLabel('Name').fill(words.toldName);
  if (words.toldRole) await page.getByLabel('Role').fill(words.toldRole);
  await page
    .getByRole('button', { name: 'Keep the concern to send when there is a signal' })
    .click();
  await page.getByRole('heading', { name: 'Your safety concern has not been sent yet' }).waitFor();
}
