// The administration screens in a real browser, reached as an administrator does: from the
// header's Administration link.
import type { Page } from 'playwright-core';

/** Opens the administration screen behind `link` and waits until its `heading` has loaded. */
export async function openAdminScreen(
  page: Page,
  link: string,
  heading: string | RegExp,
): Promise<void> {
  await page.getByRole('link', { name: 'Administration', exact: true }).click();
  await page.getByRole('link', { name: link, exact: true }).click();
  await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
  await page.getByText('Loading…').first().waitFor({ state: 'detached' });
}
