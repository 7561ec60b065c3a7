// What is typed but is not a record yet (a form's draft, a value not valid yet, a comment being
// written) is written to the store after the keystroke, not in it, and sealing and writing it can
// take longer than the next key takes to come (a slow tablet's disk). So for each draft only the
// latest value waits behind the write under way: the values typed meanwhile are never written,
// and the last one typed is always the last to land.
//
// Locking, signing out (here or in another window) and an update close the store and wipe its
// key: a write still waiting then would fail, and the words with it. So every one is waited for
// first (`flushAllAutosaves`); and when the page is hidden or goes, where nothing asynchronous can
// be counted on, a value still waiting is written at once, synchronously (`rescueDraftWrites`).
// No import of the store here: the session (and so the first screen) imports this through the
// autosave, and the store loads only on unlock.

export type DraftWriter<T> = {
  /** Writes the value; resolves once it is on the disk. */
  write(value: T): Promise<void>;
  /** Hands the value to IndexedDB before returning (a page going away); best effort. */
  now?(value: T): void;
};

type Job = { value: unknown; writer: DraftWriter<unknown> };
type Queue = { waiting: Job | null; done: Promise<void> };

const queues = new Map<string, Queue>();

async function drain(key: string, queue: Queue): Promise<void> {
  try {
    while (queue.waiting) {
      const { value, writer } = queue.waiting;
      queue.waiting = null;
      try {
        await writer.write(value);
      } catch {
        // Best effort, as the form still shows it: a later write (or the next keystroke) tries
        // again, and a full disk is reported by the record saves beside it.
      }
    }
  } finally {
    queues.delete(key);
  }
}

/**
 * Writes `value` as the draft `key` (one name per draft and store), after any write of that draft
 * under way, replacing a value still waiting. Resolves, never rejecting, once this value or a
 * later one has been tried.
 */
export function writeLatest<T>(key: string, value: T, writer: DraftWriter<T>): Promise<void> {
  const job: Job = { value, writer: writer as DraftWriter<unknown> };
  const queued = queues.get(key);
  if (queued) {
    queued.waiting = job;
    return queued.done;
  }
  const queue: Queue = { waiting: job, done: Promise.resolve() };
  queues.set(key, queue);
  queue.done = drain(key, queue);
  return queue.done;
}

/** Resolves once every draft write, including any begun meanwhile, has been tried. */
export async function draftWritesSettled(): Promise<void> {
  while (queues.size > 0) await Promise.all([...queues.values()].map((q) => q.done));
}

/**
 * Hands every value still waiting to IndexedDB now, synchronously: called when the page is hidden
 * or goes. The write under way was handed over before it, so the latest value still lands last.
 */
export function rescueDraftWrites(): void {
  for (const queue of queues.values()) {
    const job = queue.waiting;
    if (!job?.writer.now) continue;
    queue.waiting = null;
    try {
      job.writer.now(job.value);
    } catch {
      // The store is closed or going: nothing more can be done here.
    }
  }
}
