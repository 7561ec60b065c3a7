import { worstPoint } from '../entities/grade-scale';
import type { GradeScale } from '../entities/grade-scale';
import type { ResponseEntry } from '../entities/observation';
import type { TemplateItem } from '../entities/template';
import { selectedChoices } from './response-values';

/**
 * Whether the app should ask "Do you need to raise an immediate safety concern?" after this
 * answer. Only items with `safeguardingFlag` prompt; by default the scale's worst grade and "no"
 * are concerning, or the item's own `safeguardingPromptOn` keys.
 */
export function shouldPromptSafetyConcern(
  item: TemplateItem,
  entry: ResponseEntry | undefined,
  scale: GradeScale,
): boolean {
  if (!item.safeguardingFlag) return false;
  const concerning = item.safeguardingPromptOn ?? [worstPoint(scale).key, 'no'];
  if (selectedChoices(entry).some((key) => concerning.includes(key))) return true;
  const value = entry?.value;
  return typeof value === 'string' && concerning.includes(value);
}
