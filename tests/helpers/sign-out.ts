// Ends a sign-out begun on the sign-out page, keeping what is unsent whenever the page asks.
import type { Page } from 'playwright-core';

export const REMOVED = 'Your data has been removed from this tablet';
export const KEPT = 'Your changes that were not sent are kept on this tablet';

/**
 * Where the sign-out ended: erased, kept unasked, or back on the page with the work counted
 * (signing out found more than was shown, or the live count showed it before the press), where
 * the person keeps it and signs out (`warned`): as often as the page asks again.
 */
export async function finishSigningOut(page: Page): Promise<'removed' | 'kept' | 'warned'> {
  const removed = page.getByText(REMOVED);
  const kept = page.getByText(KEPT);
  const keep = page.getByLabel('Sign out and keep them on this tablet');
  let warned = false;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    await removed
      .or(kept)
      .or(keep)
      .first()
      .waitFor({ timeout: deadline - Date.now() });
    if (await removed.isVisible()) return 'removed';
    if (await kept.isVisible()) return warned ? 'warned' : 'kept';
    warned = true;
    // Checked and pressed once signing out is not busy (a press then is not a second go).
    await page.getByText('Signing out…').waitFor({ state: 'hidden' });
    if (await keep.isVisible()) {
      await keep.check();
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByText('Signing out…').waitFor({ state: 'hidden' });
    }
  }
  throw new Error('The sign-out did not end');
}
