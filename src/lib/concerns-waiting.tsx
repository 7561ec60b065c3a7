// How many safety concerns wait for this person to acknowledge them, from what the tablet holds
// (schemas/rules/concern-acknowledgement.ts `awaitsAcknowledgementBy`): so it reads offline, and
// changes by itself as concerns arrive by pull and as they are acknowledged here or elsewhere.
// One live query serves every reader (the menu item and the home screen's banner): the app shell
// provides it once (ConcernsWaitingProvider) and each reads it with useConcernsWaiting().
import { createContext } from 'preact';
import type { ComponentChildren } from 'preact';
import { useContext, useMemo } from 'preact/hooks';
import {
  awaitsAcknowledgementBy,
  mayAcknowledgeConcern,
} from '../../schemas/rules/concern-acknowledgement';
import { listRecords } from '../db';
import { concernFromView } from './concern-records';
import { useServices } from './services';
import { useLive } from './use-live';

/** The count, 0 for a role that does not acknowledge concerns, undefined until first read. */
type Waiting = { count: number | undefined };

const ConcernsWaitingContext = createContext<Waiting | null>(null);

/** Counts the concerns waiting, once, for every screen below it. Inside ServicesContext. */
export function ConcernsWaitingProvider({ children }: { children: ComponentChildren }) {
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
  const waiting = useMemo(() => ({ count: live.value }), [live.value]);
  return (
    <ConcernsWaitingContext.Provider value={waiting}>{children}</ConcernsWaitingContext.Provider>
  );
}

/** The count, 0 for a role that does not acknowledge concerns, undefined until first read. */
export function useConcernsWaiting(): number | undefined {
  const waiting = useContext(ConcernsWaitingContext);
  if (!waiting) throw new Error('useConcernsWaiting is used outside ConcernsWaitingProvider');
  return waiting.count;
}
