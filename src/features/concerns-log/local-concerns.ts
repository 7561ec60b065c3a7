// The concern log as this tablet knows it from what it pulled: safety concerns reach the
// director's and QA leads' devices at their next sync, so with no signal (and no log fetched yet)
// the tablet still lists them, with the deadline and overdue worked out by the same rules the
// server uses (schemas/reports/concern-log.ts).
import { unflattenEntity } from '../../../schemas/entities/entity-fields';
import { safetyConcernSchema } from '../../../schemas/entities/safety-concern';
import {
  concernAcknowledgeBy,
  isConcernOverdue,
  wasAcknowledgedLate,
} from '../../../schemas/reports/concern-log';
import type { ConcernLogEntry } from '../../../schemas/reports/concern-log';
import type { RecordView } from '../../db';

export function localConcernEntries(
  views: readonly RecordView[],
  acknowledgeHours: number,
  scopeName: (scopeId: string) => string,
  now: Date,
): ConcernLogEntry[] {
  const entries: ConcernLogEntry[] = [];
  for (const v of views) {
    if (v.deleted || v.scopeId === null) continue;
    const parsed = safetyConcernSchema.safeParse({
      raisedBy: v.ownerId ?? '',
      ...unflattenEntity(v.fields),
      id: v.id,
    });
    if (!parsed.success) continue;
    const concern = parsed.data;
    entries.push({
      concern,
      scopeId: v.scopeId,
      serviceId: v.scopeId,
      scopeName: scopeName(v.scopeId),
      acknowledgeBy: concernAcknowledgeBy(concern, acknowledgeHours),
      overdue: isConcernOverdue(concern, acknowledgeHours, now),
      acknowledgedLate: wasAcknowledgedLate(concern, acknowledgeHours),
      notifications: [],
    });
  }
  // Newest first, as the server's log.
  return entries.sort((a, b) =>
    (b.concern.receivedAt ?? b.concern.raisedAt).localeCompare(
      a.concern.receivedAt ?? a.concern.raisedAt,
    ),
  );
}
