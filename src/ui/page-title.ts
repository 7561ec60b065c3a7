import { useEffect } from 'preact/hooks';

export const SERVICE_NAME = 'Practice observations';

/** GOV.UK page titles: "Error: " first when the page shows errors, then the page, then the service. */
export function pageTitle(title: string, hasErrors = false): string {
  return `${hasErrors ? 'Error: ' : ''}${title} – ${SERVICE_NAME}`;
}

export function usePageTitle(title: string, hasErrors = false): void {
  useEffect(() => {
    document.title = pageTitle(title, hasErrors);
  }, [title, hasErrors]);
}
