import { useState } from 'preact/hooks';
import {
  settingsResponseSchema,
  settingsUpdateResponseSchema,
} from '../../../schemas/admin/settings';
import { LEGAL_TEXT_MAX, localSettingsPatchSchema } from '../../../schemas/entities/local-settings';
import type { LocalSettings } from '../../../schemas/entities/local-settings';
import { standardAccessibilityStatement, standardPrivacyNotice } from '../../lib/legal-text';
import { useFormDraft } from '../../lib/use-form-draft';
import { Button, ButtonGroup, NotificationBanner } from '../../ui/content';
import type { ErrorLink } from '../../ui/error-summary';
import { Textarea } from '../../ui/textarea';
import { describeFailure, useAdminCall, useAdminQuery } from './admin-api';
import { AdminFrame, QueryState } from './admin-frame';

const FORMAT =
  'Start a heading with “## ” on its own line. Leave a blank line between paragraphs. Every tablet shows it, also with no signal, after its next sync.';

/** The authority's accessibility statement and privacy notice. */
export function LegalPagesPage() {
  const { query, reload } = useAdminQuery('/api/settings', settingsResponseSchema);
  const [errors, setErrors] = useState<ErrorLink[]>([]);
  return (
    <AdminFrame title="Accessibility statement and privacy notice" errors={errors}>
      <QueryState query={query}>
        {(view) => <LegalForm settings={view.settings} setErrors={setErrors} onSaved={reload} />}
      </QueryState>
    </AdminFrame>
  );
}

function LegalForm({
  settings,
  setErrors,
  onSaved,
}: {
  settings: LocalSettings;
  setErrors: (e: ErrorLink[]) => void;
  onSaved: () => void;
}) {
  const call = useAdminCall();
  // Long texts, edited for a while: on the tablet as they are typed, so the idle lock does not
  // lose them; the draft goes once the server has them.
  const draft = useFormDraft<{ statement: string; notice: string }>('admin:legal-pages', () => ({
    statement:
      settings.accessibilityStatement ?? standardAccessibilityStatement(settings.authorityName),
    notice: settings.privacyNotice ?? standardPrivacyNotice(settings.authorityName),
  }));
  const { statement, notice } = draft.value;
  const [saved, setSaved] = useState(false);
  const standard = async () => {
    const r = await call('/api/admin/settings', settingsUpdateResponseSchema, 'PUT', {
      accessibilityStatement: null,
      privacyNotice: null,
    });
    if (!r.ok)
      return setErrors([{ href: '#accessibilityStatement', text: describeFailure(r.failure) }]);
    setErrors([]);
    await draft.reset({
      statement: standardAccessibilityStatement(r.value.settings.authorityName),
      notice: standardPrivacyNotice(r.value.settings.authorityName),
    });
    setSaved(true);
    onSaved();
  };
  const save = async () => {
    const parsed = localSettingsPatchSchema.safeParse({
      accessibilityStatement: statement,
      privacyNotice: notice,
    });
    if (!parsed.success) {
      setErrors(
        parsed.error.issues.map((i) => ({
          href: `#${String(i.path[0])}`,
          text: `${i.path[0] === 'privacyNotice' ? 'Privacy notice' : 'Accessibility statement'}: ${i.message}`,
        })),
      );
      return;
    }
    const r = await call('/api/admin/settings', settingsUpdateResponseSchema, 'PUT', parsed.data);
    if (!r.ok)
      return setErrors([{ href: '#accessibilityStatement', text: describeFailure(r.failure) }]);
    setErrors([]);
    await draft.clear();
    setSaved(true);
    onSaved();
  };
  return (
    <>
      {saved ? (
        <NotificationBanner success title="Saved" id="legal-saved">
          <p class="govuk-notification-banner__heading">
            Saved. Each tablet shows the new wording after its next sync.
          </p>
        </NotificationBanner>
      ) : null}
      <Textarea
        id="accessibilityStatement"
        label="Accessibility statement"
        labelSize="m"
        hint={`Keep the headings of the GOV.UK model statement. ${FORMAT}`}
        maxLength={LEGAL_TEXT_MAX}
        rows={16}
        value={statement}
        onInput={(v) => {
          draft.set({ ...draft.value, statement: v });
          setSaved(false);
        }}
      />
      <Textarea
        id="privacyNotice"
        label="Privacy notice for observed staff and families"
        labelSize="m"
        hint={FORMAT}
        maxLength={LEGAL_TEXT_MAX}
        rows={12}
        value={notice}
        onInput={(v) => {
          draft.set({ ...draft.value, notice: v });
          setSaved(false);
        }}
      />
      <ButtonGroup>
        <Button onClick={() => void save()}>Save pages</Button>
        <Button variant="secondary" onClick={() => void standard()}>
          Use the standard wording
        </Button>
        <a class="govuk-link" href="/help/accessibility">
          See the accessibility statement
        </a>
        <a class="govuk-link" href="/help/privacy">
          See the privacy notice
        </a>
      </ButtonGroup>
    </>
  );
}
