import { useState } from 'preact/hooks';
import { EXPORT_TYPES } from '../../../schemas/reports/exports';
import type { ExportType } from '../../../schemas/reports/exports';
import { useServices } from '../../lib/services';
import { WarningText } from '../../ui/content';
import { DownloadNotice } from '../../ui/download-notice';

const words: Record<ExportType, string> = {
  'quarterly-report': 'Figures by service and practice group',
  observations: 'Observations',
  actions: 'Improvement actions',
  concerns: 'Safety concerns',
};

/**
 * CSV exports need the bearer token, which a plain link cannot carry, so each link fetches the
 * file and hands it to the browser as a download. Every export is recorded in the audit trail.
 */
export function CsvDownloads({
  query,
  name,
  months,
}: {
  query: string;
  name: string;
  /** The quarters the files hold, in months ("April 2026 to March 2027"). */
  months: string;
}) {
  const { token, user } = useServices();
  const [problem, setProblem] = useState<string | null>(null);
  const types = EXPORT_TYPES.filter((t) => t !== 'concerns' || user.role !== 'head-of-service');
  const download = async (type: ExportType, event: Event) => {
    event.preventDefault();
    setProblem(null);
    let response: Response;
    try {
      response = await fetch(`/api/exports/${type}?${query}`, {
        headers: { authorization: `Bearer ${token() ?? ''}` },
        cache: 'no-store',
        credentials: 'omit',
      });
    } catch {
      setProblem('There is no connection to the server. Downloads need a signal or Wi-Fi.');
      return;
    }
    if (!response.ok) {
      setProblem(
        `The server did not give the ${words[type].toLowerCase()} file (${response.status}).`,
      );
      return;
    }
    const url = URL.createObjectURL(await response.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = `${type}-${name}.csv`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  return (
    <div class="app-no-print">
      <h2 class="govuk-heading-m">Download the records (CSV)</h2>
      <p class="govuk-body">
        For a spreadsheet, for the quarters chosen: the report’s figures by service and practice
        group with each service’s total, and the records themselves, one row per record. Needs a
        connection.
      </p>
      <DownloadNotice holds="case IDs and what was written about them" />
      {problem ? <WarningText>{problem}</WarningText> : null}
      <ul class="govuk-list">
        {types.map((t) => (
          <li key={t}>
            <a
              class="govuk-link"
              href={`/api/exports/${t}?${query}`}
              download
              onClick={(e) => void download(t, e)}
            >
              {words[t]} (CSV)
              {/* Heard alone in a list of links, each says which quarters it holds. */}
              <span class="govuk-visually-hidden"> for {months}</span>
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
