// Screens re-render when the store changes (an edit, a pull, another tab) through src/db's watch.
import { useEffect, useState } from 'preact/hooks';
import { watch } from '../db';

export type Live<T> = { value: T | undefined; error: unknown; loading: boolean };

export function useLive<T>(query: () => Promise<T>, deps: readonly unknown[]): Live<T> {
  const [state, setState] = useState<Live<T>>({ value: undefined, error: null, loading: true });
  useEffect(() => {
    setState((s) => ({ ...s, loading: true }));
    return watch(
      query,
      (value) => setState({ value, error: null, loading: false }),
      (error) => setState({ value: undefined, error, loading: false }),
    );
  }, deps);
  return state;
}
