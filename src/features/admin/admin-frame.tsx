import type { ComponentChildren } from 'preact';
import { useServices } from '../../lib/services';
import { BackLink, NotificationBanner } from '../../ui/content';
import { ErrorSummary } from '../../ui/error-summary';
import type { ErrorLink } from '../../ui/error-summary';
import { usePageTitle } from '../../ui/page-title';
import type { Query } from './admin-api';

/**
 * Every administration screen: only for administrators, and said plainly to be online-only
 * (it works on the server's data, not the tablet's).
 */
export function AdminFrame({
  title,
  back = '/admin',
  errors = [],
  children,
  heading = true,
  documentTitle = title,
}: {
  title: string;
  /**
   * The browser's title, when the heading names someone: titles stay in the history and the
   * task switcher, where a name is out of the page's protection.
   */
  documentTitle?: string;
  back?: string | null;
  errors?: ErrorLink[];
  children: ComponentChildren;
  /** False when the page's heading is a form's legend or label. */
  heading?: boolean;
}) {
  const { user, online } = useServices();
  usePageTitle(documentTitle, errors.length > 0);
  if (user.role !== 'admin') {
    return (
      <>
        <h1 class="govuk-heading-l">You cannot use this page</h1>
        <p class="govuk-body">Only administrators manage people, checklists and settings.</p>
      </>
    );
  }
  return (
    <>
      {back ? <BackLink href={back} /> : null}
      <ErrorSummary errors={errors} focusKey={errors} />
      {!online ? (
        <NotificationBanner title="No signal" id="admin-offline">
          <p class="govuk-notification-banner__heading">
            Administration works on the server, so it needs a signal.
          </p>
          <p class="govuk-body">
            Connect the tablet to the internet or Wi-Fi. Nothing here takes effect until the server
            has it.
          </p>
        </NotificationBanner>
      ) : null}
      {heading ? <h1 class="govuk-heading-l">{title}</h1> : null}
      {children}
    </>
  );
}

/** What a screen shows while its data loads or when it cannot. */
export function QueryState<T>({
  query,
  children,
}: {
  query: Query<T>;
  children: (value: T) => ComponentChildren;
}) {
  if (query.status === 'loading') return <p class="govuk-body">Loading…</p>;
  if (query.status === 'failed')
    return (
      <div class="govuk-inset-text" data-testid="admin-failure">
        {query.message}
      </div>
    );
  return <>{children(query.value)}</>;
}
