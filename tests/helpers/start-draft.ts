// A new observation started in a real browser, as an observer does from the home screen.
import type { Page } from 'playwright-core';
import { waitSavedOnDevice } from './app-world';

/** Starts a draft of the kind labelled `kind` ("Single case audit") and waits for its task list. */
export async function startDraft(page: Page, kind: string): Promise<void> {
  await page.getByRole('link', { name: 'New observation' }).click();
  await page.getByLabel(kind, { exact: true }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.locator('.govuk-task-list').waitFor();
}

/** Starts a frontline practice observation and waits for its task list. */
export async function startFrontlineDraft(page: Page): Promise<void> {
  await startDraft(page, 'Frontline practice observation');
}

/**
 * Starts a single case audit and types its case ID on "About the audit", saved on the tablet;
 * returns that page's path, where the person is left.
 */
export async function startAuditWithCaseId(page: Page, caseId: string): Promise<string> {
  await startDraft(page, 'Single case audit');
  await page.getByRole('link', { name: 'About the audit' }).click();
  await page.getByLabel('Case ID', { exact: true }).fill(caseId);
  await waitSavedOnDevice(page);
  return new URL(page.url()).pathname;
}
