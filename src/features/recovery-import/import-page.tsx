import { useState } from 'preact/hooks';
import {
  MAX_RECOVERY_FILE_BYTES,
  recoveryFileSchema,
  recoveryImportResultSchema,
} from '../../../schemas/sync/recovery-file';
import type { RecoveryImportResult } from '../../../schemas/sync/recovery-file';
import type { DirectorNotice } from '../../../schemas/sync/concerns';
import { api } from '../../lib/api';
import { describeDirectorNotice } from '../../lib/director-notice';
import { londonDateTimeOf } from '../../../schemas/calendar/london-time';
import { useServices } from '../../lib/services';
import { BackLink, Button, InsetText, NotificationBanner } from '../../ui/content';
import { ErrorMessage, ErrorSummary } from '../../ui/error-summary';
import { usePageTitle } from '../../ui/page-title';
import { SummaryList } from '../../ui/summary-list';
import { Table } from '../../ui/table';

const FIELD = 'recovery-file';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

const hasConcerns = (r: RecoveryImportResult) =>
  r.concerns.raised + r.concerns.alreadyRaised + r.concerns.refused.length > 0;

/** An administrator adds a tablet's recovery file to the server; each change applies once. */
export function RecoveryImportPage() {
  const { user, online, token } = useServices();
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<RecoveryImportResult | null>(null);
  usePageTitle('Import a recovery file', error !== null);

  if (user.role !== 'admin') {
    return (
      <>
        <h1 class="govuk-heading-l">Import a recovery file</h1>
        <p class="govuk-body">Only an administrator can import recovery files.</p>
      </>
    );
  }

  const submit = async (event: Event) => {
    event.preventDefault();
    setAttempt((n) => n + 1);
    setResult(null);
    if (!file) return setError('Select a recovery file');
    if (file.size > MAX_RECOVERY_FILE_BYTES) {
      return setError(
        'The selected file is larger than any recovery file; check it is the right one',
      );
    }
    let body: unknown;
    try {
      body = JSON.parse(await file.text());
    } catch {
      return setError('The selected file is not a recovery file');
    }
    const parsed = recoveryFileSchema.safeParse(body);
    if (!parsed.success) return setError('The selected file is not a recovery file');
    setBusy(true);
    const answer = await api('/api/admin/recovery-imports', {
      method: 'POST',
      body: parsed.data,
      token: token(),
      schema: recoveryImportResultSchema,
    });
    setBusy(false);
    if (answer.ok) {
      setError(null);
      setResult(answer.value);
      return;
    }
    const f = answer.failure;
    setError(
      f.kind === 'offline'
        ? 'The server cannot be reached. Try again when there is a signal'
        : f.kind === 'refused'
          ? f.message.replace(/\.$/, '')
          : 'The server could not import the file. Try again later',
    );
  };

  return (
    <>
      <BackLink href="/admin">Back</BackLink>
      <ErrorSummary errors={error ? [{ href: `#${FIELD}`, text: error }] : []} focusKey={attempt} />
      {result ? (
        <NotificationBanner success title="Recovery file imported" id="recovery-imported">
          <p class="govuk-notification-banner__heading">
            {plural(result.applied, 'change was', 'changes were')} added to the server.
          </p>
          {result.concerns.raised > 0 ? (
            <>
              <p class="govuk-body">
                {plural(result.concerns.raised, 'safety concern was', 'safety concerns were')}{' '}
                raised.
              </p>
              {result.concerns.directorNotice ? (
                <DirectorNoticeLines
                  notice={result.concerns.directorNotice}
                  concerns={result.concerns.raised}
                />
              ) : null}
            </>
          ) : null}
        </NotificationBanner>
      ) : null}
      <h1 class="govuk-heading-l">Import a recovery file</h1>
      <p class="govuk-body">
        A tablet that cannot reach the server can save its unsent changes and safety concerns as a
        recovery file. Import it here to add them to the server, as the person who made them. A
        safety concern is raised first, and the director and QA leads are told as if it had come
        from the tablet. Anything the server already has is not added again, so importing a file
        twice, or the tablet sending the same work later, does no harm.
      </p>
      {result ? (
        <>
          <h2 class="govuk-heading-m">What the file held</h2>
          <SummaryList
            rows={[
              {
                key: 'File made',
                value: londonDateTimeOf(result.createdAt),
              },
              { key: 'Changes added', value: String(result.applied) },
              { key: 'Already on the server', value: String(result.alreadyApplied) },
              { key: 'Not accepted', value: String(result.rejected.length) },
              ...(hasConcerns(result)
                ? [
                    { key: 'Safety concerns raised', value: String(result.concerns.raised) },
                    {
                      key: 'Safety concerns already raised',
                      value: String(result.concerns.alreadyRaised),
                    },
                    {
                      key: 'Safety concerns not accepted',
                      value: String(result.concerns.refused.length),
                    },
                  ]
                : []),
            ]}
          />
          {result.rejected.length > 0 ? (
            <Table
              caption="Changes the server did not accept"
              captionSize="s"
              columns={[
                { header: 'Change', cell: (r) => r.mutationId },
                { header: 'Reason', cell: (r) => r.message || r.code },
              ]}
              rows={result.rejected}
              rowKey={(r) => String(r.mutationId)}
            />
          ) : null}
          {result.concerns.refused.length > 0 ? (
            <Table
              caption="Safety concerns the server did not accept"
              captionSize="s"
              columns={[
                { header: 'Concern', cell: (r) => r.concernId },
                { header: 'Reason', cell: (r) => r.message || r.code },
              ]}
              rows={result.concerns.refused}
              rowKey={(r) => r.concernId}
            />
          ) : null}
        </>
      ) : null}
      {!online ? <InsetText>You need a signal to import a recovery file.</InsetText> : null}
      <form noValidate onSubmit={(e) => void submit(e)}>
        <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
          <label class="govuk-label govuk-label--m" for={FIELD}>
            Upload a recovery file
          </label>
          <div id={`${FIELD}-hint`} class="govuk-hint">
            The file the tablet saved, with a name like recovery-2026-12-01-09-30.json
          </div>
          {error ? <ErrorMessage id={`${FIELD}-error`}>{error}</ErrorMessage> : null}
          <input
            class={`govuk-file-upload${error ? ' govuk-file-upload--error' : ''}`}
            id={FIELD}
            name={FIELD}
            type="file"
            accept=".json,application/json"
            aria-describedby={`${FIELD}-hint${error ? ` ${FIELD}-error` : ''}`}
            onChange={(e) => setFile((e.currentTarget as HTMLInputElement).files?.[0] ?? null)}
          />
        </div>
        <Button type="submit" disabled={busy || !online}>
          Import changes
        </Button>
      </form>
    </>
  );
}

/** How the Director hears of the concerns just raised, and when someone must phone them. */
function DirectorNoticeLines({ notice, concerns }: { notice: DirectorNotice; concerns: number }) {
  const words = describeDirectorNotice(notice, concerns);
  return (
    <>
      {words.lines.map((line) => (
        <p class="govuk-body" key={line}>
          {line}
        </p>
      ))}
      {words.phone ? (
        <p class="govuk-body govuk-!-font-weight-bold" data-testid="import-phone">
          Nothing has reached the Director yet: phone them, or have the person who raised{' '}
          {concerns > 1 ? 'the concerns' : 'the concern'} phone them, as your local procedure says.
        </p>
      ) : null}
    </>
  );
}
