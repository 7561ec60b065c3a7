// The checklist an administrator is adapting, kept sealed on the tablet between screens (and
// across a lock), so no edit is lost before it is published. Publishing sends it whole to the
// server, which makes it the next version; the draft then goes.
import { useCallback } from 'preact/hooks';
import type { Template, TemplateItem, TemplateSection } from '../../../schemas/entities/template';
import { readSealed, removeSealedUnder, writeSealed } from '../../db';
import { useServices } from '../../lib/services';
import { useLive } from '../../lib/use-live';

export type TemplateDraft = {
  /** The version it was copied from (built-in or a published local one). */
  base: Template;
  /** The adapted copy, under the authority's own id; its version is set on publishing. */
  template: Template;
};

const KEY = 'scratch:admin-template-draft' as const;

/**
 * The form drafts (`useFormDraft`) of the pages that change or add a question or a section: what
 * is typed there is kept until it is saved into the checklist (`scratch:form:admin:template-…`).
 */
export const editorDrafts = {
  item: (itemId: string) => `admin:template-item:${itemId}`,
  newItem: (sectionId: string) => `admin:template-new-item:${sectionId}`,
  section: (sectionId: string) => `admin:template-section:${sectionId}`,
  newSection: 'admin:template-new-section',
};
const EDITOR_DRAFTS = 'scratch:form:admin:template-' as const;

/** A built-in template's adapted copy gets an id of its own; a local one keeps its id. */
export function localIdFor(base: Template, builtInIds: readonly string[]): string {
  return builtInIds.includes(base.id) ? `${base.id}-local`.slice(0, 64) : base.id;
}

export function useTemplateDraft() {
  const { store } = useServices();
  const live = useLive(() => readSealed<TemplateDraft>(store.db, store.cipher, KEY), [store]);
  const save = useCallback(
    async (draft: TemplateDraft | undefined) => {
      await writeSealed(store.db, store.cipher, KEY, draft);
      // Published or discarded: words typed on its pages and never saved into it go with it,
      // rather than turn up in the next checklist adapted (or be counted at sign-out for ever).
      if (!draft) await removeSealedUnder(store.db, EDITOR_DRAFTS);
    },
    [store],
  );
  return { draft: live.value ?? null, loading: live.loading && live.value === undefined, save };
}

/** A new id of the authority's own, from its words, not among those taken. */
function localId(words: string, taken: ReadonlySet<string>, fallback: string): string {
  const stem =
    words
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40)
      .replace(/-+$/, '') || fallback;
  let id = `local-${stem}`;
  for (let n = 2; taken.has(id); n++) id = `local-${stem}-${n}`;
  return id;
}

/** A new item's id: from its words, made unique within the template. */
export function newItemId(prompt: string, template: Template): string {
  return localId(
    prompt,
    new Set(template.sections.flatMap((s) => s.items.map((i) => i.id))),
    'item',
  );
}

/** A new section's id: from its title, made unique within the template. */
export function newSectionId(title: string, template: Template): string {
  return localId(title, new Set(template.sections.map((s) => s.id)), 'section');
}

/** The list with the entry of that id changed, or dropped when `change` gives null. */
function changeById<T extends { id: string }>(
  list: readonly T[],
  id: string,
  change: (entry: T) => T | null,
): T[] {
  return list.flatMap((entry) => {
    if (entry.id !== id) return [entry];
    const next = change(entry);
    return next ? [next] : [];
  });
}

/** The list with the entry at `index` moved one place up (-1) or down (1); unchanged at an end. */
export function moveBy<T>(list: readonly T[], index: number, by: -1 | 1): T[] {
  if (index < 0 || index + by < 0 || index + by >= list.length) return [...list];
  const moved = [...list];
  const [entry] = moved.splice(index, 1);
  moved.splice(index + by, 0, entry!);
  return moved;
}

/** The template with one section changed (or removed, when `change` gives null). */
export function updateSection(
  template: Template,
  sectionId: string,
  change: (section: TemplateSection) => TemplateSection | null,
): Template {
  return { ...template, sections: changeById(template.sections, sectionId, change) };
}

/** The template with one question changed (or removed, when `change` gives null). */
export function updateItem(
  template: Template,
  itemId: string,
  change: (item: TemplateItem) => TemplateItem | null,
): Template {
  return {
    ...template,
    sections: template.sections.map((s) => ({ ...s, items: changeById(s.items, itemId, change) })),
  };
}

/** The template with one question moved up or down within its section. */
export function moveItem(template: Template, itemId: string, by: -1 | 1): Template {
  return {
    ...template,
    sections: template.sections.map((s) => {
      const at = s.items.findIndex((i) => i.id === itemId);
      return at < 0 ? s : { ...s, items: moveBy(s.items, at, by) };
    }),
  };
}

/** Sections a checklist cannot be published with: every section needs a question. */
export function emptySections(template: Template): TemplateSection[] {
  return template.sections.filter((s) => s.items.length === 0);
}
