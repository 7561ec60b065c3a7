import { z } from 'zod';
import { idSchema } from '../entities/common';
import { observationKindSchema } from '../entities/observation-kind';
import { parseQuarterKey, quarterKeySchema, quartersFromTo } from '../rules/quarters';

// CSV exports of observations, improvement actions and safety concerns, one row per record, and
// of the quarterly report's table by service and practice group (README: "Exports" lists every
// column). Scoped like the quarterly report, and every export is written to the audit trail.

export const EXPORT_TYPES = ['quarterly-report', 'observations', 'actions', 'concerns'] as const;
export const exportTypeSchema = z.enum(EXPORT_TYPES);
export type ExportType = z.infer<typeof exportTypeSchema>;

export const exportQuerySchema = z
  .strictObject({
    /**
     * First financial quarter, like `2026-27-Q1`: of the observation date for observations and
     * actions, of the day the concern reached the server for concerns. Default: no lower bound,
     * but the report's table needs both ends, at most 12 quarters apart, as the report does.
     */
    from: quarterKeySchema.optional(),
    /** Last quarter, inclusive. Default: no upper bound. */
    to: quarterKeySchema.optional(),
    /** A service (with its practice groups) or one practice group; default every one you oversee. */
    scopeId: idSchema.optional(),
    /** Observations and actions only: one kind of observation. */
    kind: observationKindSchema.optional(),
  })
  .superRefine((q, ctx) => {
    if (
      q.from !== undefined &&
      q.to !== undefined &&
      parseQuarterKey(q.from) &&
      parseQuarterKey(q.to) &&
      quartersFromTo(q.from, q.to).length === 0
    )
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'Must not be before from' });
  });
export type ExportQuery = z.infer<typeof exportQuerySchema>;

/**
 * Spreadsheet formula injection: a cell whose text starts with `=`, `+`, `-`, `@`, a tab or a
 * carriage return is read as a formula by Excel and others, so the export puts an apostrophe in
 * front of it ("'=1+1"). The apostrophe is the only change made to any value. The full-width
 * forms of the four signs are here too: Apple Numbers reads them as the signs, and csv-stringify,
 * which writes the server's exports, guards them as well.
 */
export const FORMULA_TRIGGERS: readonly string[] = [
  '=',
  '+',
  '-',
  '@',
  '\t',
  '\r',
  '\uFF1D',
  '\uFF0B',
  '\uFF0D',
  '\uFF20',
];
