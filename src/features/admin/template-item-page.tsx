import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { findItem, templateItemSchema } from '../../../schemas/entities/template';
import type { TemplateItem } from '../../../schemas/entities/template';
import { gradeItem, textItem, ynnaItem, ypndkItem } from '../../../schemas/templates/item-builders';
import { useFormDraft } from '../../lib/use-form-draft';
import { useServices } from '../../lib/services';
import { Button, ButtonGroup } from '../../ui/content';
import type { ErrorLink } from '../../ui/error-summary';
import { Radios } from '../../ui/radios';
import { Textarea } from '../../ui/textarea';
import { AdminFrame } from './admin-frame';
import { answerLabels } from './template-editor-page';
import { editorDrafts, moveItem, newItemId, updateItem, useTemplateDraft } from './template-draft';
import { useMoveFocus } from './use-move-focus';

type Fields = { prompt: string; guidance: string; required: string | undefined };

const fieldsOf = (item: TemplateItem): Fields => ({
  prompt: item.prompt,
  guidance: item.guidance,
  required: item.required ? 'yes' : 'no',
});

function problems(f: Fields, withType: string | undefined | null): ErrorLink[] {
  const found: ErrorLink[] = [];
  if (!f.prompt.trim()) found.push({ href: '#prompt', text: 'Enter the question' });
  else if (f.prompt.length > 300)
    found.push({ href: '#prompt', text: 'The question must be 300 characters or fewer' });
  if (withType === undefined) found.push({ href: '#answer', text: 'Select the kind of answer' });
  if (!f.guidance.trim())
    found.push({ href: '#guidance', text: 'Enter what good looks like for this question' });
  else if (f.guidance.length > 3000)
    found.push({ href: '#guidance', text: 'The guidance must be 3000 characters or fewer' });
  if (!f.required) found.push({ href: '#required', text: 'Select whether an answer is required' });
  return found;
}

function ItemFields({
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
      <Textarea
        id="prompt"
        label="Question"
        labelSize="s"
        maxLength={300}
        rows={2}
        value={f.prompt}
        onInput={(v) => set({ ...f, prompt: v })}
        error={err('prompt')}
      />
      <Textarea
        id="guidance"
        label="What good looks like (guidance)"
        labelSize="s"
        maxLength={3000}
        rows={5}
        value={f.guidance}
        onInput={(v) => set({ ...f, guidance: v })}
        error={err('guidance')}
      />
      <Radios
        id="required"
        name="required"
        legend="Must it be answered before the observation is submitted?"
        inline
        options={[
          { value: 'yes', label: 'Yes' },
          { value: 'no', label: 'No' },
        ]}
        value={f.required}
        onChange={(v) => set({ ...f, required: v })}
        error={err('required')}
      />
    </>
  );
}

/** Change one question of the draft checklist, or remove it. */
export function TemplateItemPage({ itemId }: { itemId: string }) {
  const { route } = useLocation();
  const { draft, loading, save } = useTemplateDraft();
  const [errors, setErrors] = useState<ErrorLink[]>([]);
  const located = draft ? findItem(draft.template, itemId) : undefined;
  const saved = located ? fieldsOf(located.item) : null;
  // The wording being changed is on the tablet from the first keystroke, so the idle lock does not
  // lose it; until then (or once typed back) the form shows the question as the checklist has it.
  const edit = useFormDraft<Fields | null>(editorDrafts.item(itemId), () => saved);
  const f = edit.value ?? saved;
  const order = located ? located.section.items.map((i) => i.id) : [];
  const position = order.indexOf(itemId);
  // The position is said by the status paragraph below, which changes with each move.
  const moving = useMoveFocus(order, () => ({ up: 'move-up', down: 'move-down' }));
  if (loading || !edit.ready) return <p class="govuk-body">Opening…</p>;
  if (!draft || !located || !f)
    return (
      <AdminFrame title="Question not found" back="/admin/templates/draft">
        <p class="govuk-body">This question is not in the draft.</p>
      </AdminFrame>
    );
  const saveItem = async () => {
    const found = problems(f, null);
    setErrors(found);
    if (found.length > 0) return;
    await save({
      ...draft,
      template: updateItem(draft.template, itemId, (i) => ({
        ...i,
        prompt: f.prompt.trim(),
        guidance: f.guidance.trim(),
        required: f.required === 'yes',
      })),
    });
    await edit.clear();
    route('/admin/templates/draft');
  };
  const remove = async () => {
    await save({ ...draft, template: updateItem(draft.template, itemId, () => null) });
    await edit.clear();
    route('/admin/templates/draft');
  };
  const items = located.section.items;
  // Moving keeps what is being typed here: only the order is saved, and the page stays.
  const move = (by: -1 | 1) =>
    moving.move(itemId, by, () =>
      save({ ...draft, template: moveItem(draft.template, itemId, by) }),
    );
  return (
    <AdminFrame title="Change a question" back="/admin/templates/draft" errors={errors}>
      <p class="govuk-body">
        In {located.section.title}. Answer: {answerLabels[located.item.response.type]}.
      </p>
      <ItemFields f={f} set={edit.set} errors={errors} />
      <ButtonGroup>
        <Button onClick={() => void saveItem()}>Save question</Button>
        <Button variant="warning" onClick={() => void remove()}>
          Remove this question
        </Button>
      </ButtonGroup>
      {items.length > 1 ? (
        <>
          <h2 class="govuk-heading-m">Where it comes in the section</h2>
          <p class="govuk-body" role="status">
            Question {position + 1} of {items.length} in {located.section.title}.
          </p>
          <ButtonGroup>
            {position > 0 ? (
              <Button id="move-up" variant="secondary" onClick={() => void move(-1)}>
                Move up
              </Button>
            ) : null}
            {position < items.length - 1 ? (
              <Button id="move-down" variant="secondary" onClick={() => void move(1)}>
                Move down
              </Button>
            ) : null}
          </ButtonGroup>
        </>
      ) : null}
    </AdminFrame>
  );
}

const NEW_TYPES = ['grade4', 'ynna', 'ypndk', 'text'] as const;

/** Add a question to a section of the draft checklist. */
export function TemplateNewItemPage({ sectionId }: { sectionId: string }) {
  const { route } = useLocation();
  const { settings } = useServices();
  const { draft, loading, save } = useTemplateDraft();
  // Kept on the tablet as it is typed, so the idle lock does not lose it; gone once added.
  const form = useFormDraft<Fields & { type?: string }>(editorDrafts.newItem(sectionId), () => ({
    prompt: '',
    guidance: '',
    required: undefined,
  }));
  const f = form.value;
  const type = f.type;
  const [errors, setErrors] = useState<ErrorLink[]>([]);
  if (loading || !form.ready) return <p class="govuk-body">Opening…</p>;
  const section = draft?.template.sections.find((s) => s.id === sectionId);
  if (!draft || !section)
    return (
      <AdminFrame title="Section not found" back="/admin/templates/draft">
        <p class="govuk-body">This section is not in the draft.</p>
      </AdminFrame>
    );
  const add = async () => {
    const found = problems(f, type);
    setErrors(found);
    if (found.length > 0 || !type) return;
    const common = {
      id: newItemId(f.prompt, draft.template),
      prompt: f.prompt.trim(),
      guidance: f.guidance.trim(),
      required: f.required === 'yes',
      source: { document: 'Local practice', section: `Added by ${settings.authorityName}` },
    };
    const builders: Record<string, (c: typeof common) => TemplateItem> = {
      grade4: gradeItem,
      ynna: ynnaItem,
      ypndk: ypndkItem,
      text: textItem,
    };
    const item = templateItemSchema.parse(builders[type]!(common));
    await save({
      ...draft,
      template: {
        ...draft.template,
        sections: draft.template.sections.map((s) =>
          s.id === sectionId ? { ...s, items: [...s.items, item] } : s,
        ),
      },
    });
    await form.clear();
    route('/admin/templates/draft');
  };
  return (
    <AdminFrame
      title={`Add a question to ${section.title}`}
      back="/admin/templates/draft"
      errors={errors}
    >
      <ItemFields f={f} set={(next) => form.set({ ...f, ...next })} errors={errors} />
      <Radios
        id="answer"
        name="answer"
        legend="What kind of answer does it take?"
        options={NEW_TYPES.map((t) => ({ value: t, label: answerLabels[t]! }))}
        value={type}
        onChange={(v) => form.set({ ...f, type: v })}
        error={errors.find((e) => e.href === '#answer')?.text}
      />
      <Button onClick={() => void add()}>Add question</Button>
    </AdminFrame>
  );
}
