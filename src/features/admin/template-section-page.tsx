import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import type { Template, TemplateSection } from '../../../schemas/entities/template';
import { isTaskTitleTaken } from '../../../schemas/rules/task-titles';
import { useFormDraft } from '../../lib/use-form-draft';
import { Button, ButtonGroup, WarningText } from '../../ui/content';
import type { ErrorLink } from '../../ui/error-summary';
import { TextInput } from '../../ui/text-input';
import { Textarea } from '../../ui/textarea';
import { AdminFrame } from './admin-frame';
import { editorDrafts, newSectionId, updateSection, useTemplateDraft } from './template-draft';
import { NoDraft } from './template-editor-page';

type Fields = { title: string; description: string };

const fieldsOf = (section: TemplateSection): Fields => ({
  title: section.title,
  description: section.description ?? '',
});

const TITLE_MAX = 200;
const DESCRIPTION_MAX = 2000;

function problems(f: Fields, template: Template, sectionId?: string): ErrorLink[] {
  const found: ErrorLink[] = [];
  if (!f.title.trim()) found.push({ href: '#section-title', text: 'Enter the section’s title' });
  else if (f.title.trim().length > TITLE_MAX)
    found.push({
      href: '#section-title',
      text: `The title must be ${TITLE_MAX} characters or fewer`,
    });
  else if (isTaskTitleTaken(template, f.title, sectionId))
    found.push({
      href: '#section-title',
      text: `The checklist already has a part called ‘${f.title.trim()}’: give this section a title of its own`,
    });
  if (f.description.trim().length > DESCRIPTION_MAX)
    found.push({
      href: '#section-description',
      text: `The introduction must be ${DESCRIPTION_MAX} characters or fewer`,
    });
  return found;
}

/** The section as the form left it: trimmed, and no introduction rather than an empty one. */
function fromFields(f: Fields): { title: string; description?: string } {
  const description = f.description.trim();
  return { title: f.title.trim(), ...(description ? { description } : {}) };
}

function SectionFields({
  f,
  set,
  errors,
}: {
  f: Fields;
  set: (f: Fields) => void;
  errors: ErrorLink[];
}) {
  const err = (id: string) => errors.find((e) => e.href === `#${id}`)?.text;
  return (
    <>
      <TextInput
        id="section-title"
        label="Section title"
        labelSize="s"
        maxLength={TITLE_MAX}
        value={f.title}
        onInput={(v) => set({ ...f, title: v })}
        error={err('section-title')}
      />
      <Textarea
        id="section-description"
        label="Introduction (optional)"
        labelSize="s"
        hint="Shown to the observer above the section’s questions."
        maxLength={DESCRIPTION_MAX}
        rows={4}
        value={f.description}
        onInput={(v) => set({ ...f, description: v })}
        error={err('section-description')}
      />
    </>
  );
}

/** Rename a section of the draft checklist, change its introduction, or remove it. */
export function TemplateSectionPage({ sectionId }: { sectionId: string }) {
  const { route } = useLocation();
  const { draft, loading, save } = useTemplateDraft();
  const [errors, setErrors] = useState<ErrorLink[]>([]);
  const section = draft?.template.sections.find((s) => s.id === sectionId);
  const saved = section ? fieldsOf(section) : null;
  // The title and introduction being changed are on the tablet from the first keystroke, so the
  // idle lock does not lose them; until then the form shows the section as the checklist has it.
  const edit = useFormDraft<Fields | null>(editorDrafts.section(sectionId), () => saved);
  const f = edit.value ?? saved;
  if (loading || !edit.ready) return <p class="govuk-body">Opening…</p>;
  if (!draft || !section || !f)
    return (
      <AdminFrame title="Section not found" back="/admin/templates/draft">
        <p class="govuk-body">This section is not in the draft.</p>
      </AdminFrame>
    );
  const only = draft.template.sections.length === 1;
  const questions = section.items.length;
  const saveSection = async () => {
    const found = problems(f, draft.template, sectionId);
    setErrors(found);
    if (found.length > 0) return;
    const { title, description } = fromFields(f);
    await save({
      ...draft,
      template: updateSection(draft.template, sectionId, ({ description: _, ...s }) => ({
        ...s,
        title,
        ...(description ? { description } : {}),
      })),
    });
    await edit.clear();
    route('/admin/templates/draft');
  };
  const remove = async () => {
    await save({ ...draft, template: updateSection(draft.template, sectionId, () => null) });
    await edit.clear();
    route('/admin/templates/draft');
  };
  return (
    <AdminFrame title="Change a section" back="/admin/templates/draft" errors={errors}>
      <SectionFields f={f} set={edit.set} errors={errors} />
      <Button onClick={() => void saveSection()}>Save section</Button>
      <h2 class="govuk-heading-m">Remove the section</h2>
      {only ? (
        <p class="govuk-body">A checklist needs at least one section, so this one stays.</p>
      ) : (
        <>
          {questions > 0 ? (
            <WarningText>
              Removing it also removes its {questions === 1 ? 'question' : `${questions} questions`}{' '}
              from the checklist. Observations already started keep them until they are moved to the
              new version.
            </WarningText>
          ) : null}
          <ButtonGroup>
            <Button variant="warning" onClick={() => void remove()}>
              Remove this section
            </Button>
          </ButtonGroup>
        </>
      )}
    </AdminFrame>
  );
}

/** Add a section to the end of the draft checklist; its questions are added next. */
export function TemplateNewSectionPage() {
  const { route } = useLocation();
  const { draft, loading, save } = useTemplateDraft();
  // Kept on the tablet as it is typed, so the idle lock does not lose it; gone once added.
  const form = useFormDraft<Fields>(editorDrafts.newSection, () => ({
    title: '',
    description: '',
  }));
  const f = form.value;
  const [errors, setErrors] = useState<ErrorLink[]>([]);
  if (loading || !form.ready) return <p class="govuk-body">Opening…</p>;
  if (!draft) return <NoDraft />;
  const add = async () => {
    const found = problems(f, draft.template);
    setErrors(found);
    if (found.length > 0) return;
    const fields = fromFields(f);
    const id = newSectionId(fields.title, draft.template);
    await save({
      ...draft,
      template: {
        ...draft.template,
        sections: [...draft.template.sections, { id, ...fields, items: [] }],
      },
    });
    await form.clear();
    route(`/admin/templates/draft/sections/${id}/new`);
  };
  return (
    <AdminFrame title="Add a section" back="/admin/templates/draft" errors={errors}>
      <p class="govuk-body">
        The section goes at the end of the checklist; you can move it afterwards. Next, add its
        first question.
      </p>
      <SectionFields f={f} set={form.set} errors={errors} />
      <Button onClick={() => void add()}>Add section and its first question</Button>
    </AdminFrame>
  );
}
