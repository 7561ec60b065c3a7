import { describe, expect, test } from 'vitest';
import { frontlinePracticeV1 } from '../templates/frontline-practice';
import type { Template } from '../entities/template';
import { hasChanges, templateChanges } from './template-changes';

const base = frontlinePracticeV1 as Template;

function adapted(change: (t: Template) => void): Template {
  const t = structuredClone(base);
  change(t);
  return t;
}

describe('templateChanges', () => {
  test('an unchanged copy has no changes', () => {
    const c = templateChanges(base, structuredClone(base));
    expect(hasChanges(c)).toBe(false);
  });

  test('names every item added, removed, reworded, re-guided, made optional or moved', () => {
    const [first, second] = base.sections;
    const after = adapted((t) => {
      const [s0, s1] = t.sections;
      s0!.items[0]!.prompt = 'Reworded';
      s0!.items[1]!.guidance = 'New guidance';
      s0!.items[1]!.required = !s0!.items[1]!.required;
      const removed = s0!.items.splice(2, 1)[0]!;
      s1!.items.push({ ...removed, id: 'local-new', prompt: 'A new question' });
      const moved = s1!.items.shift()!;
      s0!.items.push(moved);
    });
    const c = templateChanges(base, after);
    expect(c.reworded).toEqual([
      { itemId: first!.items[0]!.id, before: first!.items[0]!.prompt, after: 'Reworded' },
    ]);
    expect(c.guidanceChanged.map((g) => g.itemId)).toEqual([first!.items[1]!.id]);
    expect(c.requiredChanged.map((g) => g.itemId)).toEqual([first!.items[1]!.id]);
    expect(c.removed.map((r) => r.itemId)).toEqual([first!.items[2]!.id]);
    expect(c.added).toEqual([
      { itemId: 'local-new', sectionTitle: second!.title, prompt: 'A new question' },
    ]);
    expect(c.moved.map((m) => m.itemId)).toEqual([second!.items[0]!.id]);
    expect(c.sectionsReordered).toBe(false);
    expect(hasChanges(c)).toBe(true);
  });

  test('sections in a new order are a change; a removed section alone is not a reorder', () => {
    const reordered = adapted((t) => t.sections.reverse());
    expect(templateChanges(base, reordered).sectionsReordered).toBe(true);
    const shorter = adapted((t) => t.sections.splice(1, 1));
    expect(templateChanges(base, shorter).sectionsReordered).toBe(false);
  });

  test('sections added, removed, renamed and re-introduced, and questions reordered within one', () => {
    const [first, second, third] = base.sections;
    const after = adapted((t) => {
      const [s0, s1] = t.sections;
      s0!.title = 'Renamed section';
      s1!.description = 'A new introduction';
      s1!.items.reverse();
      t.sections.splice(2, 1);
      t.sections.push({ id: 'local-our-priorities', title: 'Our priorities', items: [] });
    });
    const c = templateChanges(base, after);
    expect(c.sectionsRenamed).toEqual([
      { sectionId: first!.id, before: first!.title, after: 'Renamed section' },
    ]);
    expect(c.sectionsRedescribed).toEqual([{ sectionId: second!.id, title: second!.title }]);
    expect(c.reorderedWithin).toEqual([{ sectionId: second!.id, title: second!.title }]);
    expect(c.sectionsRemoved).toEqual([{ sectionId: third!.id, title: third!.title }]);
    expect(c.sectionsAdded).toEqual([
      { sectionId: 'local-our-priorities', title: 'Our priorities' },
    ]);
    // The removed section's questions are named as removed; the order of what is left is unchanged.
    expect(c.removed.map((r) => r.itemId)).toEqual(third!.items.map((i) => i.id));
    expect(c.sectionsReordered).toBe(false);
    expect(hasChanges(c)).toBe(true);
  });

  test('each kind of change alone counts as a change; a question added or removed is not a reorder', () => {
    const one = (change: (t: Template) => void) =>
      hasChanges(templateChanges(base, adapted(change)));
    expect(one((t) => (t.sections[0]!.title = 'Another title'))).toBe(true);
    expect(one((t) => (t.sections[0]!.description = 'Said differently'))).toBe(true);
    expect(one((t) => t.sections[0]!.items.reverse())).toBe(true);
    expect(one((t) => t.sections.push({ id: 'local-x', title: 'X', items: [] }))).toBe(true);
    const fewer = templateChanges(
      base,
      adapted((t) => t.sections[0]!.items.splice(1, 1)),
    );
    expect(fewer.reorderedWithin).toEqual([]);
  });
});
