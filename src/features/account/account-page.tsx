import { useEffect, useState } from 'preact/hooks';
import { roleLabels } from '../../../schemas/api/account';
import { keptTextsLeftBehind, listRejections, unsentSummary } from '../../db';
import { londonDateTimeOf } from '../../../schemas/calendar/london-time';
import { useServices } from '../../lib/services';
import { useLive } from '../../lib/use-live';
import { Button, ButtonGroup, ButtonLink, WarningText } from '../../ui/content';
import { usePageTitle } from '../../ui/page-title';
import { SummaryList } from '../../ui/summary-list';
import { RecoveryFileSection } from './recovery-file-section';

function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/** Who is signed in, what this tablet holds, and signing out. */
export function AccountPage() {
  const { user, store, sync, lock, settings } = useServices();
  usePageTitle('Your account and this tablet');
  const [estimate, setEstimate] = useState<{ usage?: number; quota?: number } | null>(null);
  const [persisted, setPersisted] = useState<boolean | null>(null);
  useEffect(() => {
    void navigator.storage
      ?.estimate?.()
      .then(setEstimate)
      .catch(() => undefined);
    void navigator.storage
      ?.persisted?.()
      .then(setPersisted)
      .catch(() => undefined);
  }, []);
  const live = useLive(
    async () => ({
      unsent: await unsentSummary(store.db),
      rejected: await listRejections(store.db, store.cipher),
      keptLeft: (await keptTextsLeftBehind(store.db, store.cipher)).length,
    }),
    [store],
  );
  const ask = async () => {
    const granted = (await navigator.storage?.persist?.().catch(() => false)) ?? false;
    setPersisted(granted);
  };
  return (
    <>
      <h1 class="govuk-heading-l">Your account and this tablet</h1>
      <SummaryList
        rows={[
          { key: 'Name', value: user.displayName },
          { key: 'Email address', value: user.email },
          { key: 'Role', value: roleLabels[user.role] },
          { key: 'Teams', value: user.scopes.map((s) => s.name).join(', ') || 'None' },
          {
            key: 'Locks after',
            value: `${settings.idleLockMinutes} ${settings.idleLockMinutes === 1 ? 'minute' : 'minutes'} without use`,
          },
          ...(settings.offlineUnlockDays
            ? [
                {
                  key: 'Needs an online sign-in after',
                  value: `${settings.offlineUnlockDays} ${settings.offlineUnlockDays === 1 ? 'day' : 'days'} without reaching the server`,
                },
              ]
            : []),
        ]}
      />
      <h2 class="govuk-heading-m">What is on this tablet</h2>
      <SummaryList
        rows={[
          { key: 'Changes not sent', value: String(live.value?.unsent.count ?? '…') },
          {
            key: 'Oldest change not sent',
            value: live.value?.unsent.oldestAt
              ? londonDateTimeOf(live.value.unsent.oldestAt)
              : 'None',
          },
          {
            key: 'Changes the server did not accept',
            value:
              (live.value?.rejected.length ?? 0) > 0 ? (
                <a class="govuk-link" href="/account/refused">
                  {live.value!.rejected.length}
                  <span class="govuk-visually-hidden">: see what was not accepted and why</span>
                </a>
              ) : (
                String(live.value?.rejected.length ?? '…')
              ),
          },
          // Only when there is some: words of records gone from the tablet, to copy out.
          ...((live.value?.keptLeft ?? 0) > 0
            ? [
                {
                  key: 'Text kept from records that have gone',
                  value: (
                    <a class="govuk-link" href="/account/kept-texts">
                      {live.value!.keptLeft}
                      <span class="govuk-visually-hidden">: see it and copy what you need</span>
                    </a>
                  ),
                },
              ]
            : []),
          {
            key: 'Storage used',
            value:
              estimate?.usage !== undefined
                ? `${megabytes(estimate.usage)}${estimate.quota ? ` of ${megabytes(estimate.quota)} available` : ''}`
                : 'Not known',
          },
          {
            key: 'Last sent',
            value: sync.state?.lastSentAt ? londonDateTimeOf(sync.state.lastSentAt) : 'Not yet',
          },
        ]}
      />
      <RecoveryFileSection unsent={live.value?.unsent.count ?? 0} />
      {user.role === 'admin' ? (
        <p class="govuk-body">
          <a class="govuk-link" href="/admin/recovery-file">
            Import a recovery file from a tablet
          </a>
        </p>
      ) : null}
      {persisted === false ? (
        <>
          <WarningText>
            This browser has not agreed to keep the app’s data when the tablet runs low on space.
            Work not yet sent could be cleared by the browser. Send your changes often, or add the
            app to the home screen.
          </WarningText>
          <Button variant="secondary" onClick={() => void ask()}>
            Ask again to keep data on this tablet
          </Button>
        </>
      ) : null}
      <ButtonGroup>
        <Button variant="secondary" onClick={() => sync.syncNow()}>
          Send changes now
        </Button>
        <Button variant="secondary" onClick={lock}>
          Lock the app
        </Button>
        <ButtonLink href="/sign-out" variant="warning">
          Sign out
        </ButtonLink>
      </ButtonGroup>
    </>
  );
}
