import type { ComponentChildren } from 'preact';
import { Loading, NotFound } from './frame';
import { ReadOnlyGuard } from './read-only-guard';
import { RestorePage } from './restore-page';
import { UnknownTemplate } from './unknown-template';
import { useObservation } from './use-observation';
import type { LoadedObservation } from './use-observation';

/**
 * Loads an observation and shows what a page needs when it cannot be shown: loading, not on this
 * tablet, deleted elsewhere (with a restore), or a checklist version not here yet. With
 * `editable`, someone who may not edit it sees it read-only.
 */
export function WithObservation({
  id,
  editable,
  children,
}: {
  id: string;
  editable?: boolean;
  children: (data: LoadedObservation) => ComponentChildren;
}) {
  const state = useObservation(id);
  switch (state.status) {
    case 'loading':
      return <Loading />;
    case 'missing':
      return <NotFound />;
    case 'deleted-elsewhere':
      return <RestorePage view={state.view} />;
    case 'no-template':
      return <UnknownTemplate />;
    case 'ready':
      return editable ? (
        <ReadOnlyGuard data={state.data}>{children(state.data)}</ReadOnlyGuard>
      ) : (
        <>{children(state.data)}</>
      );
  }
}
