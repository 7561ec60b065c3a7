// The app for one signed-in, unlocked person: syncing, the services every screen uses, the
// banners that say what needs attention, the idle lock, and the screens.
import { LocationProvider, Route, Router, useLocation } from 'preact-iso';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { builtInTemplates } from '../../schemas/templates/catalogue';
import type { Template } from '../../schemas/entities/template';
import {
  listRejections,
  queueConcern,
  readSealed,
  removeStaleRecords,
  unsentSummary,
  writeSealed,
} from '../db';
import { flushAllAutosaves, rescueAllAutosaves } from '../lib/autosave';
import { ConcernsWaitingProvider } from '../lib/concerns-waiting';
import { ServicesContext } from '../lib/services';
import type { Services } from '../lib/services';
import { useLive } from '../lib/use-live';
import { startSync } from '../sync';
import type { Sync, SyncEngineState, UnsentConcern } from '../sync';
import { useArrivalFocus } from './arrival-focus';
import { ControllerContext } from './controller-context';
import { Header } from './header';
import { Layout } from './layout';
import { Banners } from './banners';
import { useIdleLock } from './idle-lock';
import { IdleWarning } from './idle-warning';
import { fetchRecoveryKey, fetchServerCatalogue } from './server-catalogue';
import type { CatalogueVersions } from './server-catalogue';
import type { Phase, SessionController } from './session';
import { AppRoutes } from './routes';
import { useAppNav } from './app-nav';
import { NotFoundPage } from './not-found-page';
import { useRememberPage } from './return-page';

type OpenPhase = Extract<Phase, { name: 'open' }>;

const STALE_CHECK_EVERY_MS = 60 * 60_000;

export function OpenApp({
  controller,
  phase,
}: {
  controller: SessionController;
  phase: OpenPhase;
}) {
  const { store, session, settings } = phase;
  const [syncState, setSyncState] = useState<SyncEngineState | null>(null);
  const [unsentConcerns, setUnsentConcerns] = useState<readonly UnsentConcern[]>([]);
  const [online, setOnline] = useState(navigator.onLine);
  const [localTemplates, setLocalTemplates] = useState<Template[]>([]);
  const syncRef = useRef<Sync | null>(null);
  /** Sync being started (just unlocked): a concern raised meanwhile waits for it, not a retry. */
  const syncStarting = useRef<Promise<Sync | null> | null>(null);
  const sessionRef = useRef(session);
  /** The pull after which settings and checklists were last fetched: once per sync, not per state. */
  const catalogueAfter = useRef<string | null>(null);
  const catalogueVersions = useRef<CatalogueVersions>({ settings: null, templates: null });
  const staleCheckedAt = useRef(0);
  /** Whether the recovery key is on this tablet (or being fetched) in this session. */
  const recoveryKeyKept = useRef(false);
  const settingsRef = useRef(settings);
  settingsRef.current = settings;
  sessionRef.current = session;

  useEffect(() => {
    void readSealed<Template[]>(store.db, store.cipher, 'templates').then((t) =>
      setLocalTemplates(t ?? []),
    );
  }, [store]);

  useEffect(() => {
    let stopped = false;
    const stop = async () => {
      const s = syncRef.current;
      syncRef.current = null;
      await s?.stop();
    };
    controller.beforeClose.add(stop);
    syncStarting.current = startSync({
      store,
      userId: session.user.id,
      session: () => {
        const s = sessionRef.current;
        return s.token ? { token: s.token, deviceId: s.deviceId } : null;
      },
      onState: (state) => {
        setSyncState(state);
        const received = state.lastReceivedAt;
        if (
          state.phase === 'idle' &&
          state.failure === null &&
          received !== null &&
          received !== catalogueAfter.current &&
          sessionRef.current.token
        ) {
          catalogueAfter.current = received;
          // Reaching the server restarts the authority's offline window (keyring, not sealed).
          void controller.noteServerContact();
          // A lost tablet holds as little as possible: finished, synced, old records go.
          if (Date.now() - staleCheckedAt.current > STALE_CHECK_EVERY_MS) {
            staleCheckedAt.current = Date.now();
            const days = settingsRef.current.deviceRetentionDays;
            void removeStaleRecords(
              store.db,
              store.cipher,
              new Date(Date.now() - days * 86_400_000),
            ).catch(() => undefined);
          }
          if (!recoveryKeyKept.current) {
            recoveryKeyKept.current = true;
            void (async () => {
              const token = sessionRef.current.token;
              if (!token || (await readSealed(store.db, store.cipher, 'recovery-key'))) return;
              const key = await fetchRecoveryKey(token);
              if (key) await writeSealed(store.db, store.cipher, 'recovery-key', key);
              else recoveryKeyKept.current = false;
            })().catch(() => {
              recoveryKeyKept.current = false;
            });
          }
          // After a clean sync, take the authority's settings and checklists too.
          void fetchServerCatalogue(sessionRef.current.token, catalogueVersions.current).then(
            async (found) => {
              catalogueVersions.current = found.versions;
              if (found.settings) await controller.saveSettings(found.settings);
              if (found.templates) {
                await controller.saveTemplates(found.templates);
                setLocalTemplates(found.templates);
              }
            },
          );
        }
      },
      onConcernsChange: setUnsentConcerns,
      onDeviceRevoked: () => controller.eraseRevoked(),
    }).then((s) => {
      if (stopped) void s.stop();
      else syncRef.current = s;
      return stopped ? null : s;
    });
    const onMessage = (event: MessageEvent) => {
      if ((event.data as { type?: string } | null)?.type === 'SYNC_NOW')
        void syncRef.current?.engine.syncNow('background-sync');
    };
    navigator.serviceWorker?.addEventListener('message', onMessage);
    return () => {
      stopped = true;
      controller.beforeClose.delete(stop);
      navigator.serviceWorker?.removeEventListener('message', onMessage);
      void stop();
    };
  }, [store]);

  useEffect(() => {
    // Ask the browser to keep the app's data when space runs low; the home screen warns if not.
    void navigator.storage?.persisted?.().then((kept) => {
      if (!kept) void navigator.storage.persist?.().catch(() => false);
    });
  }, []);

  useEffect(() => {
    const up = () => setOnline(true);
    const down = () => setOnline(false);
    // Whatever is typed goes to the disk before the page is hidden or closed: rescued at once,
    // as nothing asynchronous may finish, then saved.
    const hide = () => {
      rescueAllAutosaves();
      void flushAllAutosaves();
    };
    const visibility = () => {
      if (document.visibilityState === 'hidden') hide();
    };
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    window.addEventListener('pagehide', hide);
    document.addEventListener('visibilitychange', visibility);
    return () => {
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
      window.removeEventListener('pagehide', hide);
      document.removeEventListener('visibilitychange', visibility);
    };
  }, []);

  const idle = useIdleLock(settings.idleLockMinutes, () => void controller.lock('idle'));

  const counts = useLive(
    async () => ({
      unsent: await unsentSummary(store.db),
      rejected: (await listRejections(store.db, store.cipher)).length,
    }),
    [store],
  );

  const services = useMemo<Services>(
    () => ({
      user: session.user,
      deviceId: session.deviceId,
      store,
      settings,
      templates: [...builtInTemplates, ...localTemplates],
      online,
      token: () => sessionRef.current.token || null,
      sync: {
        state: syncState,
        unsentCount: counts.value?.unsent.count ?? 0,
        oldestUnsentAt: counts.value?.unsent.oldestAt ?? null,
        rejectedCount: counts.value?.rejected ?? 0,
        unsentConcerns,
        notifyLocalEdit: () => syncRef.current?.notifyLocalEdit(),
        syncNow: () => void syncRef.current?.engine.syncNow('manual'),
        raiseConcern: async (input) => {
          const s = syncRef.current ?? (await syncStarting.current?.catch(() => null)) ?? null;
          if (s) return s.concerns.sendConcern(input);
          // No sync to send it (it could not start): on the disk, sent at the next start.
          await queueConcern(store.db, store.cipher, input);
          return { status: 'not-sent-phone-now', reason: 'no-signal' };
        },
      },
      lock: () => void controller.lock(),
      signOut: (choice, shown) => controller.signOut(choice, shown),
    }),
    [session, store, settings, localTemplates, online, syncState, counts.value, unsentConcerns],
  );

  return (
    <ControllerContext.Provider value={controller}>
      <ServicesContext.Provider value={services}>
        <ConcernsWaitingProvider>
          <LocationProvider>
            <Shell controller={controller} services={services} />
          </LocationProvider>
        </ConcernsWaitingProvider>
        <IdleWarning idle={idle} />
      </ServicesContext.Provider>
    </ControllerContext.Provider>
  );
}

function Shell({ controller, services }: { controller: SessionController; services: Services }) {
  const { path } = useLocation();
  const nav = useAppNav();
  const onAccount = path.startsWith('/account');
  useArrivalFocus();
  useRememberPage(services.user.id);
  return (
    <Layout
      header={
        <Header
          nav={nav}
          current={path}
          authority={services.settings.authorityName}
          right={
            <>
              {/* Beside Lock rather than in the menu: one row fewer above every page. */}
              <a
                class="govuk-link govuk-link--no-visited-state app-header__account"
                href="/account"
                aria-current={onAccount ? 'page' : undefined}
              >
                Account
              </a>
              <button
                type="button"
                class="govuk-button govuk-button--secondary app-lock-button"
                onClick={services.lock}
              >
                Lock
              </button>
            </>
          }
        />
      }
      banners={<Banners controller={controller} />}
    >
      <Router>
        {AppRoutes.map((r) => (
          <Route key={r.path} path={r.path} component={r.component} />
        ))}
        <Route default component={NotFoundPage} />
      </Router>
    </Layout>
  );
}
