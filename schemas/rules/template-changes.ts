import { templateItems } from '../entities/template';
import type { Template } from '../entities/template';

// What an adapted template changes against the version it was copied from, for the
// check-your-answers page before publishing. Pure; the upgrade of a draft record is
// template-upgrade.ts.

export type TemplateChanges = {
  added: { itemId: string; sectionTitle: string; prompt: string }[];
  removed: { itemId: string; prompt: string }[];
  reworded: { itemId: string; before: string; after: string }[];
  guidanceChanged: { itemId: string; prompt: string }[];
  requiredChanged: { itemId: string; prompt: string; required: boolean }[];
  moved: { itemId: string; prompt: string; toSection: string }[];
  /** Sections whose questions (those in it before and after) are in another order. */
  reorderedWithin: { sectionId: string; title: string }[];
  sectionsAdded: { sectionId: string; title: string }[];
  sectionsRemoved: { sectionId: string; title: string }[];
  sectionsRenamed: { sectionId: string; before: string; after: string }[];
  /** Sections whose introduction (description) was written, changed or removed. */
  sectionsRedescribed: { sectionId: string; title: string }[];
  sectionsReordered: boolean;
};

export function templateChanges(before: Template, after: Template): TemplateChanges {
  const old = new Map(templateItems(before).map((l) => [l.item.id, l]));
  const now = new Map(templateItems(after).map((l) => [l.item.id, l]));
  const changes: TemplateChanges = {
    added: [],
    removed: [],
    reworded: [],
    guidanceChanged: [],
    requiredChanged: [],
    moved: [],
    reorderedWithin: [],
    sectionsAdded: [],
    sectionsRemoved: [],
    sectionsRenamed: [],
    sectionsRedescribed: [],
    sectionsReordered: false,
  };
  for (const [id, b] of old) {
    const a = now.get(id);
    if (!a) {
      changes.removed.push({ itemId: id, prompt: b.item.prompt });
      continue;
    }
    if (a.item.prompt !== b.item.prompt)
      changes.reworded.push({ itemId: id, before: b.item.prompt, after: a.item.prompt });
    if (a.item.guidance !== b.item.guidance)
      changes.guidanceChanged.push({ itemId: id, prompt: a.item.prompt });
    if (a.item.required !== b.item.required)
      changes.requiredChanged.push({
        itemId: id,
        prompt: a.item.prompt,
        required: a.item.required,
      });
    if (a.section.id !== b.section.id)
      changes.moved.push({ itemId: id, prompt: a.item.prompt, toSection: a.section.title });
  }
  for (const [id, a] of now) {
    if (!old.has(id))
      changes.added.push({ itemId: id, sectionTitle: a.section.title, prompt: a.item.prompt });
  }
  const order = (t: Template) =>
    t.sections.map((s) => s.id).filter((id) => ids(before).has(id) && ids(after).has(id));
  changes.sectionsReordered = order(before).join('|') !== order(after).join('|');
  const oldSections = new Map(before.sections.map((s) => [s.id, s]));
  const newSections = new Map(after.sections.map((s) => [s.id, s]));
  for (const [id, b] of oldSections) {
    const a = newSections.get(id);
    if (!a) {
      changes.sectionsRemoved.push({ sectionId: id, title: b.title });
      continue;
    }
    if (a.title !== b.title)
      changes.sectionsRenamed.push({ sectionId: id, before: b.title, after: a.title });
    if ((a.description ?? '') !== (b.description ?? ''))
      changes.sectionsRedescribed.push({ sectionId: id, title: a.title });
    const kept = (items: typeof a.items, other: typeof a.items) => {
      const there = new Set(other.map((i) => i.id));
      return items.filter((i) => there.has(i.id)).map((i) => i.id);
    };
    if (kept(b.items, a.items).join('|') !== kept(a.items, b.items).join('|'))
      changes.reorderedWithin.push({ sectionId: id, title: a.title });
  }
  for (const [id, a] of newSections) {
    if (!oldSections.has(id)) changes.sectionsAdded.push({ sectionId: id, title: a.title });
  }
  return changes;
}

const ids = (t: Template) => new Set(t.sections.map((s) => s.id));

export function hasChanges(c: TemplateChanges): boolean {
  return (
    c.added.length +
      c.removed.length +
      c.reworded.length +
      c.guidanceChanged.length +
      c.requiredChanged.length +
      c.moved.length +
      c.reorderedWithin.length +
      c.sectionsAdded.length +
      c.sectionsRemoved.length +
      c.sectionsRenamed.length +
      c.sectionsRedescribed.length >
      0 || c.sectionsReordered
  );
}
