// How many safety concerns wait for this person to acknowledge them, from what the tablet holds
// (schemas/rules/concern-acknowledgement.ts `awaitsAcknowledgementBy`): so it reads offline, and
// changes by itself as concerns arrive by pull and as they are acknowledged here or elsewhere.
import {
  awaitsAcknowledgementBy,
  mayAcknowledgeConcern,
} from '../../schemas/rules/concern-acknowledgement';
import { listRecords } from '../db';
import { concernFromView } from './concern-records';
import { useServices } from './services';
import { useLive } from './use-live';

/** The count, 0 for a role that does not acknowledge concerns, undefined until first read. */
export function useConcernsWaiting(): number | undefined {
  const { store, user } = useServices();
  const acknowledges = mayAcknowledgeConcern(user.role);
  const live = useLive(async () => {
    if (!acknowledges) return 0;
    const views = await listRecords(store.db, store.cipher, 'safety-concern');
    return views.filter((v) => {
      const c = concernFromView(v)?.concern;
      return c !== undefined && awaitsAcknowledgementBy(c, { userId: user.id, role: user.role });
    }).length;
  }, [store, user.id, user.role, acknowledges]);
  return live.value;
}
