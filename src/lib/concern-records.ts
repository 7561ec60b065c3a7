// The safety concerns this tablet pulled, read as concerns: the concern log lists them with no
// signal, and the home banner and menu count those waiting for the person.
import { unflattenEntity } from '../../schemas/entities/entity-fields';
import { safetyConcernSchema } from '../../schemas/entities/safety-concern';
import type { SafetyConcern } from '../../schemas/entities/safety-concern';
import type { RecordView } from '../db';

/** The concern a pulled record holds, with its team; none for a deleted or unreadable one. */
export function concernFromView(v: RecordView): { concern: SafetyConcern; scopeId: string } | null {
  if (v.deleted || v.scopeId === null) return null;
  // The server writes no whoWasTold fields for an empty list (sync/concerns.ts toFields).
  const parsed = safetyConcernSchema.safeParse({
    raisedBy: v.ownerId ?? '',
    whoWasTold: [],
    ...unflattenEntity(v.fields),
    id: v.id,
  });
  return parsed.success ? { concern: parsed.data, scopeId: v.scopeId } : null;
}
