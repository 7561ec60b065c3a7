import { describe, expect, test } from 'vitest';
import { createPageInput } from './page-input';

describe('the page taking no input while a window locks or signs out', () => {
  test('a hold makes the page inert until it is let go', () => {
    const page = { inert: false };
    const release = createPageInput(page).hold();
    expect(page.inert).toBe(true);
    release();
    expect(page.inert).toBe(false);
  });

  test('overlapping holds keep it inert until the last is let go, each counted once', () => {
    const page = { inert: false };
    const input = createPageInput(page);
    const lock = input.hold();
    const signOut = input.hold();
    lock();
    lock();
    expect(page.inert).toBe(true);
    signOut();
    expect(page.inert).toBe(false);
  });

  test('no page (tests without a screen): nothing to hold', () => {
    const release = createPageInput(null).hold();
    expect(release).not.toThrow();
  });
});
