import type { ComponentChildren } from 'preact';
import { isEditableByAuthor } from '../../../schemas/rules/status';
import { useServices } from '../../lib/services';
import { amendSessionOf } from './amend-session';
import { stoppedBy } from './amendment-stopped';
import type { LoadedObservation } from './use-observation';
import { ViewPage } from './view-page';

/**
 * Editing pages are for the author while the record is a draft or returned, or while they are
 * amending it with a reason (submitted or moderated; never once closed: after-submission.ts).
 * Otherwise the record is shown read-only, or to its author what `authorReadOnly` gives (a choice
 * only they can make whatever its status: whether to restore a child row deleted on another
 * device).
 */
export function ReadOnlyGuard({
  data,
  children,
  authorReadOnly,
}: {
  data: LoadedObservation;
  children: ComponentChildren;
  authorReadOnly?: ComponentChildren;
}) {
  const { user, store } = useServices();
  const mine = data.view.ownerId === null || data.view.ownerId === user.id;
  const status = data.observation.status;
  const amending = amendSessionOf(store, data.view.id);
  const editable =
    mine &&
    (isEditableByAuthor(status) || (amending !== null && stoppedBy(amending, status) === null));
  if (editable) return <>{children}</>;
  return mine && authorReadOnly ? <>{authorReadOnly}</> : <ViewPage data={data} />;
}
