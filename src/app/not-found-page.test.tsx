import { render, screen } from '@testing-library/preact';
import { expect, test } from 'vitest';
import { NotFoundPage } from './not-found-page';

test('an unknown address says so in the page title too, not the last page’s', async () => {
  document.title = 'Your observations – Practice observations';
  render(<NotFoundPage />);
  expect(screen.getByRole('heading', { level: 1, name: 'Page not found' })).toBeTruthy();
  await expect.poll(() => document.title).toBe('Page not found – Practice observations');
});
