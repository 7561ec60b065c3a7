// What every screen of a signed-in, unlocked person may use: their store, who they are, the
// authority's settings and checklists, syncing, and the app's own actions (lock, sign out). The
// app shell provides it; features read it with useServices() and never import the shell.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Account } from '../../schemas/api/account';
import type { LocalSettings } from '../../schemas/entities/local-settings';
import type { Template } from '../../schemas/entities/template';
import type { z } from 'zod';
import type { LocalStore } from '../db';
import type { ApiRequest, ApiResult } from './api';
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
  /** The session's bearer token, for online features (reports, administration); null offline-only. */
  token(): string | null;
  sync: SyncServices;
  /** An online request with this session's token (planning, coverage): never for records. */
  request<S extends z.ZodType>(
    path: string,
    req: Omit<ApiRequest<S>, 'token'>,
  ): Promise<ApiResult<z.infer<S>>>;
  lock(): void;
  /** Signs out: `erase` when nothing is unsent; with unsent work, `keep` or an explicit `discard`. */
  signOut(choice: 'erase' | 'keep' | 'discard'): Promise<void>;
  /** Asks the person to sign in again (expired session), keeping everything on the device. */
  signInAgain(): void;
};

export const ServicesContext = createContext<Services | null>(null);

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices is used outside a signed-in screen');
  return services;
}
