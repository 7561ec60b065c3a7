import { act, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { useIdleLock, warningLeadMs } from './idle-lock';
import { IdleWarning } from './idle-warning';

function App({ minutes, lock }: { minutes: number; lock: () => void }) {
  const idle = useIdleLock(minutes, lock);
  return (
    <>
      <main id="main-content" tabIndex={-1}>
        <label for="note">Note</label>
        <input id="note" />
      </main>
      <IdleWarning idle={idle} />
    </>
  );
}

const advance = (ms: number) =>
  act(() => {
    vi.advanceTimersByTime(ms);
  });
const dialog = () => screen.queryByRole('alertdialog', { name: 'You will be locked soon' });

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('what counts as use', () => {
  test('a scroll by the person puts the lock off; the browser keeping their place when the page changes does not', async () => {
    const lock = vi.fn();
    render(<App minutes={5} lock={lock} />);
    advance(150_000);
    // A status line appears above and the browser scrolls to keep the reader's place.
    const status = document.createElement('p');
    status.textContent = 'The service is not responding.';
    document.body.prepend(status);
    await act(async () => {
      await Promise.resolve();
    });
    fireEvent.scroll(window);
    advance(90_000);
    expect(dialog()).toBeTruthy();
    act(() => screen.getByRole('button', { name: 'Keep working' }).click());
    expect(dialog()).toBeNull();
    // The person scrolls, a while after anything changed: that counts.
    advance(150_000);
    fireEvent.scroll(window);
    advance(90_000);
    expect(dialog()).toBeNull();
    advance(150_000);
    expect(dialog()).toBeTruthy();
    expect(lock).not.toHaveBeenCalled();
  });
});

describe('the idle lock warns before it locks', () => {
  test('a minute ahead of a five-minute lock, half the time for one minute, never under 20 s', () => {
    expect(warningLeadMs(5 * 60_000)).toBe(60_000);
    expect(warningLeadMs(60_000)).toBe(30_000);
    expect(warningLeadMs(30_000)).toBe(20_000);
  });

  test('the warning opens a minute before the lock, focused, and says how long is left', () => {
    const lock = vi.fn();
    render(<App minutes={5} lock={lock} />);
    screen.getByLabelText('Note').focus();
    advance(4 * 60_000 - 1_000);
    expect(dialog()).toBeNull();
    advance(1_000);
    const warning = dialog()!;
    expect(warning).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Keep working' }));
    expect(warning.getAttribute('aria-modal')).toBe('true');
    const spoken = warning.querySelector('[aria-live="polite"]')!;
    expect(spoken.textContent).toBe('The app will lock within 1 minute.');
    // Seen each second, but spoken only every 20 seconds.
    advance(5_000);
    expect(warning.textContent).toContain('It will lock in 55 seconds.');
    expect(spoken.textContent).toBe('The app will lock within 1 minute.');
    advance(15_000);
    expect(spoken.textContent).toBe('The app will lock within 40 seconds.');
    // Between two updates what a screen reader reads is still true: 7 seconds are within 20.
    advance(33_000);
    expect(warning.textContent).toContain('It will lock in 7 seconds.');
    expect(spoken.textContent).toBe('The app will lock within 20 seconds.');
    expect(lock).not.toHaveBeenCalled();
  });

  test('Keep working puts the lock off, and the person back where they were', () => {
    const lock = vi.fn();
    render(<App minutes={5} lock={lock} />);
    const note = screen.getByLabelText('Note');
    note.focus();
    advance(4 * 60_000 + 30_000);
    fireEvent.click(screen.getByRole('button', { name: 'Keep working' }));
    expect(dialog()).toBeNull();
    expect(document.activeElement).toBe(note);
    // Past where it would have locked, and still open: the clock started again.
    advance(3 * 60_000);
    expect(lock).not.toHaveBeenCalled();
    expect(dialog()).toBeNull();
    advance(60_000);
    expect(dialog()).toBeTruthy();
    advance(60_000);
    expect(lock).toHaveBeenCalledTimes(1);
  });

  test('with no answer it locks at the limit; a touch behind the warning does not put it off', () => {
    const lock = vi.fn();
    render(<App minutes={1} lock={lock} />);
    advance(30_000);
    expect(dialog()).toBeTruthy();
    fireEvent.pointerDown(document.body);
    fireEvent.keyDown(document.body, { key: 'a' });
    advance(29_000);
    expect(lock).not.toHaveBeenCalled();
    advance(1_000);
    expect(lock).toHaveBeenCalledTimes(1);
  });

  test('focus, scrolling and touch count as use', () => {
    const lock = vi.fn();
    render(<App minutes={1} lock={lock} />);
    advance(25_000);
    fireEvent.focusIn(screen.getByLabelText('Note'));
    advance(25_000);
    fireEvent.scroll(window);
    advance(25_000);
    fireEvent.touchStart(document.body);
    advance(25_000);
    expect(dialog()).toBeNull();
    expect(lock).not.toHaveBeenCalled();
  });
});

describe('what the warning says is kept', () => {
  function WithPassword({ lock }: { lock: () => void }) {
    const idle = useIdleLock(5, lock);
    return (
      <>
        <main id="main-content" tabIndex={-1}>
          <label for="pw">First password</label>
          <input id="pw" type="password" />
        </main>
        <IdleWarning idle={idle} />
      </>
    );
  }

  test('a password typed on the screen is not kept, and the warning says so', () => {
    render(<WithPassword lock={vi.fn()} />);
    fireEvent.input(screen.getByLabelText('First password'), {
      target: { value: 'a long first password' },
    });
    advance(4 * 60_000);
    expect(dialog()!.textContent).toContain(
      'What you have typed is kept on this tablet, except the password: you will need to type that again.',
    );
  });

  test('with no password typed, everything typed is kept', () => {
    render(<WithPassword lock={vi.fn()} />);
    advance(4 * 60_000);
    expect(dialog()!.textContent).toContain('What you have typed is kept on this tablet. After');
  });
});
