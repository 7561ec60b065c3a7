import type { FieldValue } from '../../../schemas/entities/field-value';

/** Only the paths the upgrade changes: its new version, and every answer it moves or drops. */
export function upgradeChanges(
  before: Record<string, FieldValue>,
  after: Record<string, FieldValue>,
): Record<string, FieldValue> {
  const changes: Record<string, FieldValue> = {};
  for (const path of Object.keys(before)) if (!(path in after)) changes[path] = null;
  for (const [path, value] of Object.entries(after))
    if (before[path] !== value) changes[path] = value;
  return changes;
}
