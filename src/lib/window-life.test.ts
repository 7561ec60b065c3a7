// Which windows of the app are open: each holds a lock named for it while it lives; another
// window counts it open while the lock is held, and can wait for it to go.
import { expect, test } from 'vitest';
import { createTestChannel, createWindowLocks } from '../../tests/helpers/window-locks';
import { createWindowLife } from './window-life';

const settle = () => new Promise((r) => setTimeout(r, 0));

test('a window counts another open while that one lives, and never itself', async () => {
  const locks = createWindowLocks();
  const a = createWindowLife(locks, null, 'window-a');
  const b = createWindowLife(locks, null, 'window-b');
  await settle();
  expect(await b.others()).toEqual(new Set(['window-a']));
  expect(await a.others()).toEqual(new Set(['window-b']));
  locks.gone('window-a');
  expect(await b.others()).toEqual(new Set());
});

test('work waiting for a window to go runs once it has gone, and not before', async () => {
  const locks = createWindowLocks();
  createWindowLife(locks, null, 'window-a');
  const b = createWindowLife(locks, null, 'window-b');
  await settle();
  const ran: string[] = [];
  b.afterGone('window-a', async () => {
    ran.push('a gone');
  });
  b.afterGone('window-b', async () => {
    ran.push('b itself');
  });
  await settle();
  expect(ran).toEqual([]);
  locks.gone('window-a');
  await settle();
  expect(ran).toEqual(['a gone']);
});

test('a window says it has opened once it holds its lock, and the others hear it', async () => {
  const locks = createWindowLocks();
  const channel = createTestChannel();
  const a = createWindowLife(locks, channel.end(), 'window-a');
  const heard: string[] = [];
  a.onOpened((id) => heard.push(id));
  createWindowLife(locks, channel.end(), 'window-b');
  await settle();
  expect(heard).toEqual(['window-b']);
});

test('with no Web Locks every other window counts as gone', async () => {
  const a = createWindowLife(null, null, 'window-a');
  expect(await a.others()).toEqual(new Set());
});
