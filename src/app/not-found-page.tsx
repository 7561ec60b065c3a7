import { usePageTitle } from '../ui/page-title';

/** Any address the app does not know. */
export function NotFoundPage() {
  usePageTitle('Page not found');
  return (
    <>
      <h1 class="govuk-heading-l">Page not found</h1>
      <p class="govuk-body">
        <a class="govuk-link" href="/">
          Go to your observations
        </a>
      </p>
    </>
  );
}
