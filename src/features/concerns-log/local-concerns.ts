// The concern log as this tablet knows it from what it pulled: safety concerns reach the
// director's and QA leads' devices at their next sync, so with no signal (and no log fetched yet)
// the tablet still lists them, with the deadline and overdue worked out by the same rules the
// server uses (schemas/reports/concern-log.ts).
import {
  concernAcknowledgeBy,
  isConcernOverdue,
  wasAcknowledgedLate,
} from '../../../schemas/reports/concern-log';
import type { ConcernLogEntry } from '../../../schemas/reports/concern-log';
import type { RecordView } from '../../db';
import { concernFromView } from '../../lib/concern-records';

export function localConcernEntries(
  views: readonly RecordView[],
  acknowledgeHours: number,
  scopeName: (scopeId: string) => string,
  now: Date,
): ConcernLogEntry[] {
  const entries: ConcernLogEntry[] = [];
  for (const v of views) {
    const read = concernFromView(v);
    if (!read) continue;
    const { concern, scopeId } = read;
    entries.push({
      concern,
      scopeId,
      serviceId: scopeId,
      scopeName: scopeName(scopeId),
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
