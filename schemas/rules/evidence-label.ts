import type { TemplateItem } from '../entities/template';

/**
 * What an item's evidence box is, beside an answer: `asked` when the box belongs with that answer,
 * with its label if the template names it. A "why not?" box beside "Yes" is not asked for, and is
 * not labelled as if it were: words left in it from an earlier "No" may still be evidence, so they
 * are kept and shown as a comment (`asked: false`), never dropped or put under a question that
 * does not fit the answer.
 */
export function evidenceLabelFor(
  item: Pick<TemplateItem, 'evidenceLabel' | 'evidenceLabelOn'>,
  answer: string | undefined,
): { asked: boolean; label: string | undefined } {
  if (!item.evidenceLabelOn) return { asked: true, label: item.evidenceLabel };
  if (answer !== undefined && item.evidenceLabelOn.includes(answer))
    return { asked: true, label: item.evidenceLabel };
  return { asked: false, label: 'Comment' };
}
