import { afterEach, describe, expect, test, vi } from 'vitest';
import { StorageFullError } from '../db/errors';
import { anyUnsaved, createAutosave, flushAllAutosaves, rescueAllAutosaves } from './autosave';
import type { Changes, SaveState } from './autosave';

afterEach(() => {
  vi.useRealTimers();
});

describe('autosave', () => {
  test('saves a moment after typing stops, as one change with the latest values', async () => {
    vi.useFakeTimers();
    const saved: Changes[] = [];
    const a = createAutosave({ save: async (c) => void saved.push(c), delayMs: 300 });
    a.set('summary.strengths', 'W');
    await vi.advanceTimersByTimeAsync(200);
    a.set('summary.strengths', 'Warm');
    a.set('context.setting', 'Home');
    await vi.advanceTimersByTimeAsync(299);
    expect(saved).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(saved).toEqual([{ 'summary.strengths': 'Warm', 'context.setting': 'Home' }]);
    await a.dispose();
  });

  test('flush saves at once (leaving a field, hiding the page, locking)', async () => {
    const saved: Changes[] = [];
    const a = createAutosave({ save: async (c) => void saved.push(c), delayMs: 10_000 });
    a.set('summary.strengths', 'Typed');
    expect(anyUnsaved()).toBe(true);
    await flushAllAutosaves();
    expect(saved).toEqual([{ 'summary.strengths': 'Typed' }]);
    expect(a.state()).toBe('saved');
    await a.dispose();
  });

  test('what is typed while a save is on its way is saved after it, in order', async () => {
    const order: string[] = [];
    let release!: () => void;
    const first = new Promise<void>((r) => (release = r));
    let calls = 0;
    const a = createAutosave({
      save: async (c) => {
        calls++;
        if (calls === 1) await first;
        order.push(String(c['summary.strengths']));
      },
    });
    a.set('summary.strengths', 'one');
    const flushing = a.flush();
    a.set('summary.strengths', 'one two');
    const second = a.flush();
    release();
    await Promise.all([flushing, second]);
    expect(order).toEqual(['one', 'one two']);
    await a.dispose();
  });

  test('a full disk: the state says not saved, nothing typed is dropped, and the next try saves it', async () => {
    const states: SaveState[] = [];
    let full = true;
    const saved: Changes[] = [];
    const a = createAutosave({
      onState: (s) => states.push(s),
      save: async (c) => {
        if (full) throw new StorageFullError();
        saved.push(c);
      },
    });
    a.set('summary.strengths', 'Important words');
    // What an update, a sign-out or a lock asks first: not everything is on the disk.
    expect(await flushAllAutosaves()).toBe(false);
    await expect(a.flush()).rejects.toBeInstanceOf(StorageFullError);
    expect(a.state()).toBe('failed');
    expect(a.lastError()).toBeInstanceOf(StorageFullError);
    expect(states).toContain('failed');
    full = false;
    expect(await flushAllAutosaves()).toBe(true);
    expect(saved).toEqual([{ 'summary.strengths': 'Important words' }]);
    expect(a.state()).toBe('saved');
    await a.dispose();
  });

  test('a failed save typed over meanwhile keeps the newer words', async () => {
    let fail = true;
    const saved: Changes[] = [];
    const a = createAutosave({
      save: async (c) => {
        if (fail) {
          a.set('summary.strengths', 'newer');
          throw new StorageFullError();
        }
        saved.push(c);
      },
    });
    a.set('summary.strengths', 'older');
    await a.flush().catch(() => undefined);
    fail = false;
    await a.flush();
    expect(saved).toEqual([{ 'summary.strengths': 'newer' }]);
    await a.dispose();
  });

  test('each change hands everything not saved yet to rescue at once, the batch being written included', async () => {
    const rescued: Changes[] = [];
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const a = createAutosave({
      save: () => held,
      rescue: (unsaved) => void rescued.push(unsaved),
      rescueEveryMs: 0,
      delayMs: 10_000,
    });
    a.set('summary.strengths', 'Warm');
    expect(rescued).toEqual([{ 'summary.strengths': 'Warm' }]);
    const landing = a.flush();
    // Typed while the first save is on its way: that save has not landed, so it is kept too.
    a.set('summary.areasForDevelopment', 'Plan');
    a.set('summary.strengths', 'Warm and clear');
    expect(rescued.at(-1)).toEqual({
      'summary.strengths': 'Warm and clear',
      'summary.areasForDevelopment': 'Plan',
    });
    release();
    await landing;
    await a.flush();
    // After the saves have landed, the next change starts a fresh rescue.
    a.set('context.setting', 'Home');
    expect(rescued.at(-1)).toEqual({ 'context.setting': 'Home' });
    await a.dispose();
  });

  test('while typing goes on, a rescue at most every 100 ms, the last keystroke kept by the next; the page going rescues at once', async () => {
    vi.useFakeTimers();
    const rescued: Changes[] = [];
    const a = createAutosave({
      save: async () => undefined,
      rescue: (unsaved) => void rescued.push(unsaved),
      delayMs: 10_000,
    });
    a.set('summary.strengths', 'W');
    a.set('summary.strengths', 'Wa');
    a.set('summary.strengths', 'War');
    expect(rescued).toEqual([{ 'summary.strengths': 'W' }]);
    await vi.advanceTimersByTimeAsync(100);
    expect(rescued.at(-1)).toEqual({ 'summary.strengths': 'War' });
    a.set('summary.strengths', 'Warm');
    expect(rescued).toHaveLength(2);
    // Hidden or closed before the next one is due: rescued now, synchronously.
    rescueAllAutosaves();
    expect(rescued.at(-1)).toEqual({ 'summary.strengths': 'Warm' });
    rescueAllAutosaves();
    expect(rescued).toHaveLength(3);
    // Saved: the keystroke not rescued yet goes as the save sets off, and once it has landed
    // nothing is left to rescue: no late rescue comes after it.
    a.set('summary.strengths', 'Warm.');
    await a.flush();
    expect(rescued.at(-1)).toEqual({ 'summary.strengths': 'Warm.' });
    const count = rescued.length;
    await vi.advanceTimersByTimeAsync(200);
    expect(rescued).toHaveLength(count);
    await a.dispose();
  });

  test('a rescue names apart the batch a save is writing, and typing not rescued yet is rescued as a save sets off', async () => {
    // The save on its way may land just as the page goes, unheard: the rescue must say what it
    // held, or replayed, the typing would read the window's own saved words as another window's.
    const calls: [string, Changes, Changes?][] = [];
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const a = createAutosave({
      save: (c) => {
        calls.push(['save', c]);
        return held;
      },
      rescue: (unsaved, onItsWay) => void calls.push(['rescue', unsaved, onItsWay]),
      rescueEveryMs: 60_000,
      delayMs: 60_000,
    });
    a.set('summary.strengths', 'Warm');
    a.set('summary.strengths', 'Warm and');
    expect(calls).toEqual([['rescue', { 'summary.strengths': 'Warm' }, {}]]);
    const landing = a.flush();
    expect(calls.slice(1)).toEqual([
      ['rescue', { 'summary.strengths': 'Warm and' }, { 'summary.strengths': 'Warm and' }],
      ['save', { 'summary.strengths': 'Warm and' }],
    ]);
    a.set('summary.strengths', 'Warm and clear');
    rescueAllAutosaves();
    expect(calls.at(-1)).toEqual([
      'rescue',
      { 'summary.strengths': 'Warm and clear' },
      { 'summary.strengths': 'Warm and' },
    ]);
    release();
    await landing;
    await a.dispose();
  });

  test('a rescue that throws does not stop the save', async () => {
    const saved: Changes[] = [];
    const a = createAutosave({
      save: async (c) => void saved.push(c),
      rescue: () => {
        throw new Error('store closed');
      },
      delayMs: 10_000,
    });
    a.set('summary.strengths', 'Kept');
    await a.flush();
    expect(saved).toEqual([{ 'summary.strengths': 'Kept' }]);
    await a.dispose();
  });
});
