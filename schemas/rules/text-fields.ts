import { fieldMergeKind, parseFieldPath } from '../entities/observation-fields';
import type { FieldValue } from '../entities/field-value';
import type { RecordType } from '../sync/records';
import { builtInTemplates } from '../templates/catalogue';
import { findTemplateIn } from '../entities/template';
import type { Template } from '../entities/template';

// Which field paths hold free text (merged word by word, or kept as a conflict) rather than a
// scalar choice (decided by the later edit). Grades, answers, dates and statuses are scalars.
// One rule for both sides: the server merges edits from different devices with it, and the
// tablet merges the edits of its own windows with it (src/db/window-merge.ts).
const TEXT_LEAVES = new Set([
  'evidence',
  'notes',
  'strengths',
  'areasForDevelopment',
  'overallReasons',
  'reflection',
  'familyWords',
  'auditorSummary',
  'what',
  'note',
  'reason',
  'text',
  'comment',
  'setting',
]);

/** Whether a field merges as free text; observations ask the domain with their template. */
export function isTextPath(
  type: RecordType,
  fields: Record<string, FieldValue>,
  path: string,
  value: FieldValue,
  /** The built-in catalogue and the authority's published local templates. */
  templates: readonly Template[] = builtInTemplates,
): boolean {
  if (typeof value !== 'string') return false;
  if (type === 'observation') {
    if (!parseFieldPath(path)) return false;
    const template = findTemplateIn(
      templates,
      String(fields['templateId']),
      Number(fields['templateVersion']),
    );
    return fieldMergeKind(path, template) === 'text';
  }
  const leaf = path.slice(path.lastIndexOf('.') + 1);
  return TEXT_LEAVES.has(leaf);
}
