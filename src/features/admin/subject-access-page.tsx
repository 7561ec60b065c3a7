import { useState } from 'preact/hooks';
import { subjectAccessResponseSchema } from '../../../schemas/admin/audit';
import type { SubjectAccessResponse, ThirdParty, WithheldPart } from '../../../schemas/admin/audit';
import { usersResponseSchema } from '../../../schemas/admin/people';
import { caseIdSchema } from '../../../schemas/entities/common';
import { useFormDraft } from '../../lib/use-form-draft';
import { Button, InsetText } from '../../ui/content';
import type { ErrorLink } from '../../ui/error-summary';
import { Radios } from '../../ui/radios';
import { SummaryList } from '../../ui/summary-list';
import { Table } from '../../ui/table';
import { TextInput } from '../../ui/text-input';
import {
  describeFailure,
  downloadJson,
  formatWhen,
  useAdminCall,
  useAdminQuery,
} from './admin-api';
import { AdminFrame, QueryState } from './admin-frame';
import { DownloadNotice } from '../../ui/download-notice';

const WHOSE: Record<ThirdParty, string> = {
  child: 'A child or family',
  'other-staff': 'Another member of staff',
  'observed-practitioner': 'The practitioner observed',
  'other-people': 'Other people’s records or accounts',
};

// The server says the same in the export (subject-access.ts): it does not guess by name.
const NOT_LINKED =
  'Records that name this person only by a typed name, not linked to their account, are not included. To find them, ask again by the case ID of the observation or audit.';

const placeOf = (w: WithheldPart) =>
  w.recordId !== null ? `Record ${w.recordId}` : `Audit entry ${String(w.auditSeq)}`;

/** A case the server found nothing about: no records, so no audit entries and nothing withheld. */
const nothingFound = (r: SubjectAccessResponse) =>
  'caseId' in r.subject &&
  r.records.length === 0 &&
  r.audit.length === 0 &&
  r.thirdParty.withheld.length === 0;

type Request = { who?: string; userId?: string; caseId: string; thirdParty: string };

/** Everything held about a member of staff or a case ID, as one JSON file (audited). */
export function SubjectAccessPage() {
  const call = useAdminCall();
  const { query: users } = useAdminQuery('/api/admin/users', usersResponseSchema);
  // On the tablet as it is typed (sealed, like the case ID's records), so the idle lock does not
  // lose the request; gone once it is exported.
  const draft = useFormDraft<Request>('admin:subject-access', () => ({
    caseId: '',
    thirdParty: 'withhold',
  }));
  const { who, userId, caseId, thirdParty } = draft.value;
  const set = (patch: Partial<Request>) => draft.set({ ...draft.value, ...patch });
  const [errors, setErrors] = useState<ErrorLink[]>([]);
  const [result, setResult] = useState<SubjectAccessResponse | null>(null);

  const run = async () => {
    const found: ErrorLink[] = [];
    if (!who)
      found.push({
        href: '#subject',
        text: 'Select whether it is about a member of staff or a case',
      });
    if (who === 'user' && !userId)
      found.push({ href: '#staff', text: 'Select the member of staff' });
    if (who === 'case' && !caseIdSchema().safeParse(caseId.trim()).success)
      found.push({
        href: '#case-id',
        text: 'Enter a case ID, like the one on the case record (not a name)',
      });
    setErrors(found);
    if (found.length > 0) return;
    const r = await call('/api/admin/subject-access', subjectAccessResponseSchema, 'POST', {
      ...(who === 'user' ? { userId } : { caseId: caseId.trim() }),
      thirdParty: thirdParty === 'include' ? 'include' : 'withhold',
    });
    if (!r.ok) return setErrors([{ href: '#subject', text: describeFailure(r.failure) }]);
    await draft.clear();
    setResult(r.value);
    // An empty file would answer nothing the page does not already say.
    if (!nothingFound(r.value)) {
      downloadJson(`subject-access-${r.value.generatedAt.slice(0, 10)}.json`, r.value);
    }
  };

  return (
    <AdminFrame title="Subject access" errors={errors}>
      <p class="govuk-body">
        Export everything held about a member of staff, or about a child by their case ID, to answer
        a subject access request. The export is recorded in the audit trail.
      </p>
      <Radios
        id="subject"
        name="subject"
        legend="Who is the request about?"
        legendSize="m"
        options={[
          { value: 'user', label: 'A member of staff' },
          { value: 'case', label: 'A child or family, by case ID' },
        ]}
        value={who}
        onChange={(v) => set({ who: v })}
        error={errors.find((e) => e.href === '#subject')?.text}
      />
      {who === 'user' ? <InsetText>{NOT_LINKED}</InsetText> : null}
      {who === 'user' ? (
        <QueryState query={users}>
          {({ users: list }) => (
            <Radios
              id="staff"
              name="staff"
              legend="Member of staff"
              small
              options={list.map((u) => ({ value: u.id, label: u.displayName, hint: u.email }))}
              value={userId}
              onChange={(v) => set({ userId: v })}
              error={errors.find((e) => e.href === '#staff')?.text}
            />
          )}
        </QueryState>
      ) : null}
      {who === 'case' ? (
        <TextInput
          id="case-id"
          label="Case ID"
          width="10"
          spellcheck={false}
          value={caseId}
          onInput={(v) => set({ caseId: v })}
          error={errors.find((e) => e.href === '#case-id')?.text}
        />
      ) : null}
      <Radios
        id="third-party"
        name="third-party"
        legend="Other people’s data"
        legendSize="s"
        hint="Records about someone also hold others: the staff who wrote or read them, a child’s case, the practitioner observed and their grades. The law expects these withheld unless disclosing them is reasonable (UK GDPR Article 15(4))."
        options={[
          {
            value: 'withhold',
            label: 'Withhold it (recommended)',
            hint: 'Other staff are shown by role; each part left out is listed with why, for you to review.',
          },
          {
            value: 'include',
            label: 'Include it',
            hint: 'Only where they agreed, or disclosing it cannot harm them.',
          },
        ]}
        value={thirdParty}
        onChange={(v) => set({ thirdParty: v })}
      />
      <DownloadNotice holds="every record and audit entry about the person" />
      <Button onClick={() => void run()}>Export</Button>
      {result && 'caseId' in result.subject && nothingFound(result) ? (
        <>
          <h2 class="govuk-heading-m">No records found for case ID {result.subject.caseId}</h2>
          <p class="govuk-body">
            Check the case ID is the one on the case record. Capital and small letters are treated
            the same.
          </p>
          <p class="govuk-body">
            The search is recorded in the audit trail. Nothing was downloaded.
          </p>
        </>
      ) : result ? (
        <>
          <h2 class="govuk-heading-m">Exported</h2>
          {result.notIncluded ? <p class="govuk-body">{result.notIncluded}</p> : null}
          <SummaryList
            rows={[
              { key: 'Made', value: formatWhen(result.generatedAt) },
              {
                key: 'Account',
                value: result.account
                  ? `${result.account.displayName} (${result.account.email})`
                  : 'None',
              },
              { key: 'Records', value: String(result.records.length) },
              { key: 'Audit entries', value: String(result.audit.length) },
              {
                key: 'Other people’s data',
                value:
                  result.thirdParty.mode === 'include'
                    ? 'Included'
                    : `Withheld: ${result.thirdParty.withheld.length} ${result.thirdParty.withheld.length === 1 ? 'part' : 'parts'}`,
              },
            ]}
          />
          <h3 class="govuk-heading-s">What was withheld and why</h3>
          <p class="govuk-body" data-testid="third-party-notice">
            {result.thirdParty.notice}
          </p>
          {result.thirdParty.withheld.length > 0 ? (
            <Table
              caption="Parts withheld as other people’s data"
              captionSize="hidden"
              rows={result.thirdParty.withheld}
              rowKey={(w) => `${placeOf(w)}:${w.path}`}
              columns={[
                { header: 'Where', cell: placeOf },
                { header: 'What', cell: (w) => w.path },
                { header: 'Whose', cell: (w) => WHOSE[w.whose] },
                { header: 'Why', cell: (w) => w.reason },
                { header: 'Shown instead', cell: (w) => w.replacedBy ?? 'Nothing' },
              ]}
            />
          ) : null}
          <Button
            variant="secondary"
            onClick={() =>
              downloadJson(`subject-access-${result.generatedAt.slice(0, 10)}.json`, result)
            }
          >
            Download again
          </Button>
        </>
      ) : null}
    </AdminFrame>
  );
}
