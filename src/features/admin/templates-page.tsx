import { useLocation } from 'preact-iso';
import { templatesResponseSchema } from '../../../schemas/admin/templates';
import type { Template } from '../../../schemas/entities/template';
import { builtInTemplates, latestTemplate } from '../../../schemas/templates/catalogue';
import { Button, ButtonGroup, ButtonLink, InsetText } from '../../ui/content';
import { Table } from '../../ui/table';
import { formatWhen, useAdminQuery } from './admin-api';
import { AdminFrame, QueryState } from './admin-frame';
import { localIdFor, useTemplateDraft } from './template-draft';

const builtInIds = [...new Set(builtInTemplates.map((t) => t.id))];
/** Each built-in checklist once, at its newest version: the one adapted and offered. */
const latestBuiltIns = builtInIds.map((id) => latestTemplate(id)!);

/** The checklists: each built-in one, the authority's published copy of it, and adapting it. */
export function TemplatesPage() {
  const { route } = useLocation();
  const { query } = useAdminQuery('/api/admin/templates', templatesResponseSchema);
  const { draft, save } = useTemplateDraft();

  const adapt = async (base: Template) => {
    const copy: Template = { ...structuredClone(base), id: localIdFor(base, builtInIds) };
    await save({ base, template: copy });
    route('/admin/templates/draft');
  };

  return (
    <AdminFrame title="Checklists">
      <p class="govuk-body">
        Adapt a checklist to local practice: add, remove or reword questions, change guidance, mark
        questions required and reorder sections. Publishing makes a new version, which reaches every
        tablet at its next sync. A published version is never changed: observations already started
        keep theirs and can be moved to the new one.
      </p>
      {draft ? (
        <InsetText>
          <p class="govuk-body">You have an unpublished draft of {draft.template.title}.</p>
          <ButtonGroup>
            <ButtonLink href="/admin/templates/draft">Continue the draft</ButtonLink>
            <Button variant="secondary" onClick={() => void save(undefined)}>
              Discard the draft
            </Button>
          </ButtonGroup>
        </InsetText>
      ) : null}
      <QueryState query={query}>
        {({ templates: published }) => {
          const locals = published.map((p) => p.template);
          const rows = latestBuiltIns.map((b) => {
            const localId = localIdFor(b, builtInIds);
            const latest = latestTemplate(localId, locals);
            const when = published.find(
              (p) => p.template.id === localId && p.template.version === latest?.version,
            )?.publishedAt;
            return { builtIn: b, latest, when: when ?? null };
          });
          return (
            <Table
              caption="Checklists"
              rows={rows}
              rowKey={(r) => r.builtIn.id}
              columns={[
                { header: 'Checklist', cell: (r) => r.builtIn.title },
                {
                  header: 'Local version',
                  cell: (r) =>
                    r.latest
                      ? `Version ${r.latest.version}, published ${formatWhen(r.when)}`
                      : 'Not adapted (the built-in one is used)',
                },
                {
                  header: 'Action',
                  cell: (r) =>
                    draft ? (
                      'Publish or discard the draft first'
                    ) : (
                      <Button
                        variant="secondary"
                        class="govuk-!-margin-bottom-0"
                        onClick={() => void adapt(r.latest ?? r.builtIn)}
                      >
                        Adapt<span class="govuk-visually-hidden"> {r.builtIn.title}</span>
                      </Button>
                    ),
                },
              ]}
            />
          );
        }}
      </QueryState>
    </AdminFrame>
  );
}
