import { usePageTitle } from '../ui/page-title';
import { useServices } from '../lib/services';
import {
  legalBlocks,
  standardAccessibilityStatement,
  standardPrivacyNotice,
} from '../lib/legal-text';

/**
 * The accessibility statement and the privacy notice: the authority's own wording from its
 * settings (kept sealed on the tablet, so readable offline), or the standard wording.
 */
export function LegalPage({ page }: { page: string }) {
  const { settings } = useServices();
  const privacy = page === 'privacy';
  const title = privacy ? 'Privacy notice' : 'Accessibility statement';
  usePageTitle(title);
  const text = privacy
    ? (settings.privacyNotice ?? standardPrivacyNotice(settings.authorityName))
    : (settings.accessibilityStatement ?? standardAccessibilityStatement(settings.authorityName));
  return (
    <>
      <h1 class="govuk-heading-l">{title}</h1>
      {legalBlocks(text).map((b, i) =>
        b.kind === 'heading' ? (
          <h2 class="govuk-heading-m" key={i}>
            {b.text}
          </h2>
        ) : (
          <p class="govuk-body app-prewrap" key={i}>
            {b.text}
          </p>
        ),
      )}
    </>
  );
}
