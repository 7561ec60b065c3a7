import { render, screen } from '@testing-library/preact';
import { describe, expect, test } from 'vitest';
import { SaveStatus } from './save-status';

/** The live region, if any, that would announce this element's words. */
const liveRegionOf = (el: Element) => el.closest('[aria-live], [role="status"], [role="alert"]');

describe('the save status', () => {
  test('saving and saved are shown but not announced', () => {
    const { rerender } = render(<SaveStatus state="saving" />);
    expect(liveRegionOf(screen.getByText('Saving…'))).toBeNull();
    rerender(<SaveStatus state="saved" />);
    expect(liveRegionOf(screen.getByText('Saved on this device'))).toBeNull();
  });

  test('a failed save is announced from a region that was there before it', () => {
    const { rerender } = render(<SaveStatus state="saved" />);
    const region = screen.getByTestId('save-failure');
    expect(region.getAttribute('role')).toBe('alert');
    expect(region.textContent).toBe('');
    rerender(<SaveStatus state="failed" error={new Error('The tablet is full.')} />);
    expect(screen.getByTestId('save-failure')).toBe(region);
    expect(region.textContent).toBe('Not saved: The tablet is full.');
  });
});
