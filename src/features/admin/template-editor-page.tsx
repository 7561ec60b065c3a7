import type { Template } from '../../../schemas/entities/template';
import { Button, ButtonLink } from '../../ui/content';
import { SummaryList } from '../../ui/summary-list';
import { AdminFrame } from './admin-frame';
import { moveBy, useTemplateDraft } from './template-draft';
import { useMoveFocus } from './use-move-focus';

export const answerLabels: Record<string, string> = {
  grade4: 'Grade',
  ynna: 'Yes, no or not applicable',
  ypndk: 'Yes, partly, no or do not know',
  scale0to10: 'Scale from 0 to 10',
  text: 'Written answer',
  date: 'Date',
  choice: 'Choice',
};

function move(template: Template, index: number, by: -1 | 1): Template {
  return { ...template, sections: moveBy(template.sections, index, by) };
}

/** What a draft's screens say when there is no draft (published, or never begun). */
export function NoDraft() {
  return (
    <AdminFrame title="No draft checklist" back="/admin/templates">
      <p class="govuk-body">
        <a class="govuk-link" href="/admin/templates">
          Choose a checklist to adapt
        </a>
      </p>
    </AdminFrame>
  );
}

/** The draft checklist: every section and question, each with a way to change it. */
export function TemplateEditorPage() {
  const { draft, loading, save } = useTemplateDraft();
  const sections = draft?.template.sections ?? [];
  const moving = useMoveFocus(
    sections.map((s) => s.id),
    (id) => ({ up: `move-up-${id}`, down: `move-down-${id}` }),
    (id, position, count) =>
      `${sections.find((s) => s.id === id)?.title ?? 'The section'} is now section ${position + 1} of ${count}`,
  );
  if (loading) return <p class="govuk-body">Opening…</p>;
  if (!draft) return <NoDraft />;
  const t = draft.template;
  const moveSection = (id: string, i: number, by: -1 | 1) =>
    void moving.move(id, by, () => save({ ...draft, template: move(t, i, by) }));
  return (
    <AdminFrame title={`Adapt: ${t.title}`} back="/admin/templates">
      <p class="govuk-body">
        Based on version {draft.base.version} of {draft.base.title}. Your changes are kept on this
        tablet until you publish them.
      </p>
      {/* Drawn before any move, so that each move's new place is announced. */}
      <p class="govuk-visually-hidden" role="status">
        {moving.status}
      </p>
      {t.sections.map((section, i) => (
        <section key={section.id} aria-labelledby={`section-${section.id}`}>
          <h2 class="govuk-heading-m" id={`section-${section.id}`}>
            {i + 1}. {section.title}
          </h2>
          <div class="govuk-button-group">
            {i > 0 ? (
              <Button
                id={`move-up-${section.id}`}
                variant="secondary"
                onClick={() => moveSection(section.id, i, -1)}
              >
                Move up<span class="govuk-visually-hidden">: {section.title}</span>
              </Button>
            ) : null}
            {i < t.sections.length - 1 ? (
              <Button
                id={`move-down-${section.id}`}
                variant="secondary"
                onClick={() => moveSection(section.id, i, 1)}
              >
                Move down<span class="govuk-visually-hidden">: {section.title}</span>
              </Button>
            ) : null}
          </div>
          {section.description ? <p class="govuk-body">{section.description}</p> : null}
          <p class="govuk-body">
            <a class="govuk-link" href={`/admin/templates/draft/sections/${section.id}`}>
              Change the section’s title or introduction, or remove it
              <span class="govuk-visually-hidden">: {section.title}</span>
            </a>
          </p>
          {section.items.length > 0 ? (
            <SummaryList
              rows={section.items.map((item) => ({
                key: item.prompt,
                value: `${answerLabels[item.response.type] ?? item.response.type}. ${item.required ? 'Required' : 'Optional'}`,
                action: {
                  href: `/admin/templates/draft/items/${item.id}`,
                  hidden: item.prompt,
                },
              }))}
            />
          ) : (
            <p class="govuk-body">
              This section has no questions yet. Add at least one before publishing.
            </p>
          )}
          <p class="govuk-body">
            <a class="govuk-link" href={`/admin/templates/draft/sections/${section.id}/new`}>
              Add a question<span class="govuk-visually-hidden"> to {section.title}</span>
            </a>
          </p>
        </section>
      ))}
      <p class="govuk-body">
        <a class="govuk-link" href="/admin/templates/draft/sections/new">
          Add a section
        </a>
      </p>
      <ButtonLink href="/admin/templates/draft/check">Check and publish</ButtonLink>
    </AdminFrame>
  );
}
