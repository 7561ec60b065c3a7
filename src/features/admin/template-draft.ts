// The checklist an administrator is adapting, kept sealed on the tablet between screens (and
// across a lock), so no edit is lost before it is published. Publishing sends it whole to the
// server, which makes it the next version; the draft then goes.
import { useCallback } from 'preact/hooks';
import type { Template, TemplateItem } from '../../../schemas/entities/template';
import { readSealed, writeSealed } from '../../db';
import { useServices } from '../../lib/services';
import { useLive } from '../../lib/use-live';

export type TemplateDraft = {
  /** The version it was copied from (built-in or a published local one). */
  base: Template;
  /** The adapted copy, under the authority's own id; its version is set on publishing. */
  template: Template;
};

const KEY = 'scratch:admin-template-draft' as const;

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
    },
    [store],
  );
  return { draft: live.value ?? null, loading: live.loading && live.value === undefined, save };
}

/** A new item's id: from its words, made unique within the template. */
export function newItemId(prompt: string, template: Template): string {
  const taken = new Set(template.sections.flatMap((s) => s.items.map((i) => i.id)));
  const stem =
    prompt
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40)
      .replace(/-+$/, '') || 'item';
  let id = `local-${stem}`;
  for (let n = 2; taken.has(id); n++) id = `local-${stem}-${n}`;
  return id;
}

export function updateItem(
  template: Template,
  itemId: string,
  change: (item: TemplateItem) => TemplateItem | null,
): Template {
  return {
    ...template,
    sections: template.sections.map((s) => ({
      ...s,
      items: s.items.flatMap((i) => {
        if (i.id !== itemId) return [i];
        const next = change(i);
        return next ? [next] : [];
      }),
    })),
  };
}
