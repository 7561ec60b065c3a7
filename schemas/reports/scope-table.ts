import type { GradeScale } from '../entities/grade-scale';
import { pointsBestFirst } from '../entities/grade-scale';
import { OBSERVATION_KINDS } from '../entities/observation-kind';
import type { ObservationKind } from '../entities/observation-kind';
import type { DetailedFigures, Figures, QuarterlyReport } from './quarterly-report';

// The quarterly report's table by service and practice group, as the report page shows it and
// the CSV export writes it: the same lines in the same order on the tablet and the server, so the
// screen and the file never disagree. Each service the report covers is a block: its practice
// groups' rows (in the order of the report's scopes, then quarter, then kind), then its own rows
// (observations recorded against the service itself, in no practice group), then its subtotal.
// Practice groups reported without their service (the report of one group) follow with no
// subtotal, and the grand total ends the table.

export type ScopeTableLineType = 'practice-group' | 'service' | 'service-total' | 'total';

export type ScopeTableLine = {
  type: ScopeTableLineType;
  /** Null only on the grand total. */
  serviceId: string | null;
  /** The practice group, or the service for its own rows; null on a total. */
  scopeId: string | null;
  /** Null on a total: every quarter of the report. */
  quarter: string | null;
  /** Null on a total: every kind the report covers. */
  kind: ObservationKind | null;
  figures: Figures;
};

type TableSource = Pick<QuarterlyReport, 'scopes' | 'rows' | 'serviceTotals' | 'total'>;

/** The figures every line has, without the details only the whole selection has. */
export function plainFigures(f: Figures | DetailedFigures): Figures {
  return {
    observations: f.observations,
    familyCalls: f.familyCalls,
    overallJudgements: f.overallJudgements,
    itemGrades: f.itemGrades,
    moderation: f.moderation,
    timeliness: f.timeliness,
    actions: f.actions,
    goodPractice: f.goodPractice,
    callAttempts: f.callAttempts,
  };
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function scopeTableLines(report: TableSource): ScopeTableLine[] {
  const scopeIndex = new Map(report.scopes.map((s, i) => [s.id, i]));
  const at = (id: string) => scopeIndex.get(id) ?? Number.MAX_SAFE_INTEGER;
  const rows = [...report.rows].sort(
    (a, b) =>
      at(a.serviceId) - at(b.serviceId) ||
      compare(a.serviceId, b.serviceId) ||
      // Within a service: its practice groups first, its own rows last, beside its subtotal.
      Number(a.scopeId === a.serviceId) - Number(b.scopeId === b.serviceId) ||
      at(a.scopeId) - at(b.scopeId) ||
      compare(a.scopeId, b.scopeId) ||
      compare(a.quarter, b.quarter) ||
      OBSERVATION_KINDS.indexOf(a.kind) - OBSERVATION_KINDS.indexOf(b.kind),
  );
  const totals = new Map(report.serviceTotals.map((t) => [t.serviceId, t.figures]));
  const lines: ScopeTableLine[] = [];
  const rowLine = (r: (typeof rows)[number]): ScopeTableLine => ({
    type: r.scopeId === r.serviceId ? 'service' : 'practice-group',
    serviceId: r.serviceId,
    scopeId: r.scopeId,
    quarter: r.quarter,
    kind: r.kind,
    figures: r.figures,
  });
  // Services the report covers, in scope order; each with its rows, then its subtotal.
  const placed = new Set<string>();
  for (const s of report.scopes) {
    const subtotal = totals.get(s.id);
    if (s.kind !== 'service' || subtotal === undefined) continue;
    for (const r of rows) if (r.serviceId === s.id) lines.push(rowLine(r));
    lines.push({
      type: 'service-total',
      serviceId: s.id,
      scopeId: null,
      quarter: null,
      kind: null,
      figures: subtotal,
    });
    placed.add(s.id);
  }
  for (const r of rows) if (!placed.has(r.serviceId)) lines.push(rowLine(r));
  lines.push({
    type: 'total',
    serviceId: null,
    scopeId: null,
    quarter: null,
    kind: null,
    figures: plainFigures(report.total),
  });
  return lines;
}

/**
 * The grade columns of the table, for the overall judgement of each observation: the scale's
 * points best first; "not observed" and any key the scale no longer has only when some line
 * counts one.
 */
export function overallGradeColumns(scale: GradeScale, lines: readonly ScopeTableLine[]): string[] {
  const points = pointsBestFirst(scale).map((p) => p.key);
  const present = new Set(
    lines.flatMap((l) =>
      Object.entries(l.figures.overallJudgements)
        .filter(([, n]) => n > 0)
        .map(([k]) => k),
    ),
  );
  const others = [...present].filter((k) => !points.includes(k) && k !== scale.notObserved.key);
  return [
    ...points,
    ...(present.has(scale.notObserved.key) ? [scale.notObserved.key] : []),
    ...others.sort(compare),
  ];
}
