// What every screen of a signed-in, unlocked person may use: their store, who they are, the
// authority's settings and checklists, syncing, and the app's own actions (lock, sign out). The
// app shell provides it; features read it with useServices() and never import the shell.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Account } from '../../schemas/api/account';
import type { LocalSettings } from '../../schemas/entities/local-settings';
import type { Template } from '../../schemas/entities/template';
import type { LocalStore } from '../db';
import type { ConcernSendResult, ConcernToSend, SyncEngineState, UnsentConcern } from '../sync';

export type SyncServices = {
  state: SyncEngineState | null;
  unsentCount: number;
  oldestUnsentAt: string | null;
  rejectedCount: number;
  unsentConcerns: readonly UnsentConcern[];
  /** Call after every saved edit. */
  notifyLocalEdit(): void;
  syncNow(): void;
  raiseConcern(input: ConcernToSend): Promise<ConcernSendResult>;
};

export type Services = {
  user: Account;
  deviceId: string | null;
  store: LocalStore;
  settings: LocalSettings;
  templates: readonly Template[];
  online: boolean;
  /** The bearer token for online requests (administration, reports, the programme), or null once it ended. */
  token(): string | null;
  sync: SyncServices;
  lock(): void;
  /**
   * Signs out: `erase` when nothing is unsent; with unsent work, `keep` or an explicit `discard`.
   * `shown` is how much unsent work the page showed: `recounted` when more was found (saved in
   * another window as the person chose), and nothing was done.
   */
  signOut(choice: 'erase' | 'keep' | 'discard', shown?: number): Promise<SignOutOutcome>;
};

export type SignOutOutcome = 'signed-out' | 'recounted';

export const ServicesContext = createContext<Services | null>(null);

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices is used outside a signed-in screen');
  return services;
}
