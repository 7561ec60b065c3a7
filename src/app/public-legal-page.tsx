import { useEffect, useState } from 'preact/hooks';
import { publicLegalResponseSchema } from '../../schemas/admin/settings';
import type { PublicLegalResponse } from '../../schemas/admin/settings';
import { readPublicCache, writePublicCache } from '../db';
import { api } from '../lib/api';
import { standardAccessibilityStatement, standardPrivacyNotice } from '../lib/legal-text';
import { BackLink } from '../ui/content';
import { usePageTitle } from '../ui/page-title';
import { LegalDocument } from './legal-document';

const CACHE_KEY = 'legal';

/**
 * The accessibility statement or privacy notice for someone not signed in (or locked): the
 * authority's own wording from the server, or the last one fetched on this device when there is
 * no signal, or the standard wording.
 */
export function PublicLegalPage({ page }: { page: 'accessibility' | 'privacy' }) {
  const privacy = page === 'privacy';
  const title = privacy ? 'Privacy notice' : 'Accessibility statement';
  usePageTitle(title);
  const [texts, setTexts] = useState<PublicLegalResponse | null | undefined>(undefined);
  useEffect(() => {
    let stale = false;
    void (async () => {
      const fetched = await api('/api/legal', { schema: publicLegalResponseSchema });
      if (fetched.ok) await writePublicCache(CACHE_KEY, fetched.value);
      const kept = fetched.ok
        ? fetched.value
        : await readPublicCache<PublicLegalResponse>(CACHE_KEY).then((v) =>
            v && publicLegalResponseSchema.safeParse(v).success ? v : null,
          );
      if (!stale) setTexts(kept);
    })();
    return () => {
      stale = true;
    };
  }, []);
  if (texts === undefined) return <p class="govuk-body">Opening…</p>;
  const authority = texts?.authorityName ?? 'your local authority';
  const text = privacy
    ? (texts?.privacyNotice ?? standardPrivacyNotice(authority))
    : (texts?.accessibilityStatement ?? standardAccessibilityStatement(authority));
  return (
    <>
      <BackLink href="/" />
      <LegalDocument title={title} text={text} />
    </>
  );
}
