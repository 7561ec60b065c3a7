import { usePageTitle } from '../ui/page-title';
import { useServices } from '../lib/services';
import { standardAccessibilityStatement, standardPrivacyNotice } from '../lib/legal-text';
import { LegalDocument } from './legal-document';

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
  return <LegalDocument title={title} text={text} />;
}
