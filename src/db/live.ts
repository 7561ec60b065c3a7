// Screens re-render when the store changes (a pull landing, an edit in another tab) without
// importing Dexie: they pass one of this folder's read functions and get each new result.
import { liveQuery } from 'dexie';
import { toDbError } from './errors';

/** Calls `onValue` with the query's result now and after every change it read; returns a stop. */
export function watch<T>(
  query: () => Promise<T>,
  onValue: (value: T) => void,
  onError: (err: unknown) => void,
): () => void {
  const subscription = liveQuery(query).subscribe({
    next: onValue,
    error: (err: unknown) => onError(toDbError(err)),
  });
  return () => subscription.unsubscribe();
}
