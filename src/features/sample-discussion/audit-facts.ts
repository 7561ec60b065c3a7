// An audit as the rules of its discussion read it (schemas/rules/sample-discussion.ts), from the
// fields the tablet holds of it.
import { isCalendarDate } from '../../../schemas/calendar/dates';
import { observationKindSchema } from '../../../schemas/entities/observation-kind';
import type { AuditFacts } from '../../../schemas/rules/sample-discussion';
import type { FieldMap } from '../../../schemas/sync/records';
import { londonDateOf } from '../../lib/london-time';

export function auditFactsOf(id: string, fields: FieldMap): AuditFacts {
  const kind = observationKindSchema.safeParse(fields['kind']);
  const date = fields['context.date'];
  const submittedAt = fields['submittedAt'];
  const heldOn = fields['sampleDiscussion.heldOn'];
  return {
    id,
    kind: kind.success ? kind.data : 'frontline-practice',
    date: isCalendarDate(date) ? date : undefined,
    submittedOn:
      typeof submittedAt === 'string' && !Number.isNaN(Date.parse(submittedAt))
        ? londonDateOf(new Date(submittedAt))
        : undefined,
    heldOn: isCalendarDate(heldOn) ? heldOn : undefined,
  };
}

const monthFormat = new Intl.DateTimeFormat('en-GB', {
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

/** "October 2026" for `2026-10`. */
export function monthName(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return monthFormat.format(new Date(Date.UTC(y!, m! - 1, 1)));
}
