// "Areas of improvement are pursued with tenacity until they are resolved" (Southwark QAF): once a
// week the server tells the people who can chase an overdue improvement action that it is
// overdue. Who hears of which action, and how many, is decided here, so every server process
// works out the same digest for the same round. Counts, teams and dates only: a digest never
// holds a case ID, a name or an action's text, because it goes by email.
import { addDays, dayOfWeek, daysBetween } from '../calendar/dates';
import type { ImprovementAction } from '../entities/improvement-action';
import { isOverdue } from './action-due';
import { teamName } from './team-name';

/**
 * The QAF's escalation runs "to the Practice Group Lead and if necessary thereafter to the Head of
 * Service": heads of service hear of an action once it is more than this many days overdue.
 */
export const ESCALATE_AFTER_DAYS = 28;

/** The weekly round goes from Monday (ISO weekday 1) at 08:00, Europe/London. */
export const DIGEST_WEEKDAY = 1;
export const DIGEST_HOUR = 8;

export type DigestAction = Pick<ImprovementAction, 'status' | 'dueDate' | 'ownerUserId'> & {
  id: string;
  scopeId: string;
  /** Who wrote the observation the action belongs to. */
  observerId: string;
};

export type DigestScope = { id: string; name: string; parentId: string | null };

export type DigestPerson = {
  id: string;
  role: string;
  active: boolean;
  /** The scopes the person is a member of. */
  scopeIds: readonly string[];
};

export type TeamCount = {
  scopeId: string;
  /** "Group A (Children and families)", as in the safety concern emails (team-name.ts). */
  teamName: string;
  count: number;
  /** The earliest due date among the counted actions. */
  oldestDue: string;
};

export type ActionDigest = {
  userId: string;
  /** Actions the person owns or whose observation they wrote, by team. */
  yours: TeamCount[];
  /** Actions in the teams the person oversees as a QA lead. */
  overseen: TeamCount[];
  /** Actions more than ESCALATE_AFTER_DAYS overdue in the teams they oversee as head of service. */
  escalated: TeamCount[];
};

/**
 * The weekly round due at this London day and hour: its number (the round's Monday as YYYYMMDD,
 * so it reads as a date in the outbox and never repeats) and that Monday. Before 08:00 on a
 * Monday none is due; the week's round stays due all week, so a server stopped on Monday still
 * sends it when it starts.
 */
export function digestRound(today: string, hour: number): { round: number; monday: string } | null {
  const weekday = dayOfWeek(today);
  if (weekday === DIGEST_WEEKDAY && hour < DIGEST_HOUR) return null;
  const monday = addDays(today, -((weekday - DIGEST_WEEKDAY + 7) % 7));
  return { round: Number(monday.replaceAll('-', '')), monday };
}

function teamNameOf(scopes: ReadonlyMap<string, DigestScope>, scopeId: string): string {
  const scope = scopes.get(scopeId);
  const parent = scope?.parentId ? scopes.get(scope.parentId) : undefined;
  return teamName(scope && { name: scope.name, parentName: parent?.name });
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

type Tally = Map<string, Map<string, { count: number; oldestDue: string }>>;

function add(tally: Tally, userId: string, scopeId: string, dueDate: string): void {
  const teams = tally.get(userId) ?? new Map<string, { count: number; oldestDue: string }>();
  tally.set(userId, teams);
  const seen = teams.get(scopeId);
  if (!seen) teams.set(scopeId, { count: 1, oldestDue: dueDate });
  else {
    seen.count++;
    if (dueDate < seen.oldestDue) seen.oldestDue = dueDate;
  }
}

/**
 * Each active person's digest of the actions overdue on `today` (a London calendar date): those
 * they own (`ownerUserId`) or whose observation they wrote; those in teams they oversee as a QA
 * lead (a membership of the team or of its service); and, as heads of service, those more than
 * ESCALATE_AFTER_DAYS overdue. An action counts once in each part however many ways it reaches
 * the person. People with nothing to hear of are left out; the result is sorted by user id.
 */
export function overdueActionDigests(input: {
  actions: readonly DigestAction[];
  scopes: readonly DigestScope[];
  people: readonly DigestPerson[];
  today: string;
}): ActionDigest[] {
  const scopes = new Map(input.scopes.map((s) => [s.id, s]));
  const active = new Map(input.people.filter((p) => p.active).map((p) => [p.id, p]));
  // Each team's active members, gathered once, so each action looks up its team and its service
  // rather than going through everyone (actions × people, on every process, every round).
  const members = new Map<string, DigestPerson[]>();
  for (const person of active.values())
    for (const id of new Set(person.scopeIds)) {
      const list = members.get(id);
      if (list) list.push(person);
      else members.set(id, [person]);
    }
  // A member of the team or of its service, each person once.
  const covering = (scopeId: string): Set<DigestPerson> => {
    const parent = scopes.get(scopeId)?.parentId;
    return new Set([...(members.get(scopeId) ?? []), ...((parent && members.get(parent)) || [])]);
  };
  const yours: Tally = new Map();
  const overseen: Tally = new Map();
  const escalated: Tally = new Map();
  for (const action of input.actions) {
    if (!isOverdue(action, input.today) || action.dueDate === undefined) continue;
    const due = action.dueDate;
    const chasers = new Set([action.observerId]);
    if (action.ownerUserId) chasers.add(action.ownerUserId);
    for (const id of chasers) if (active.has(id)) add(yours, id, action.scopeId, due);
    const late = daysBetween(due, input.today) > ESCALATE_AFTER_DAYS;
    for (const person of covering(action.scopeId)) {
      if (person.role === 'qa-lead') add(overseen, person.id, action.scopeId, due);
      else if (person.role === 'head-of-service' && late)
        add(escalated, person.id, action.scopeId, due);
    }
  }
  const list = (tally: Tally, userId: string): TeamCount[] =>
    [...(tally.get(userId) ?? [])]
      .map(([scopeId, t]) => ({ scopeId, teamName: teamNameOf(scopes, scopeId), ...t }))
      .sort((a, b) => byText(a.teamName, b.teamName) || byText(a.scopeId, b.scopeId));
  const ids = new Set([...yours.keys(), ...overseen.keys(), ...escalated.keys()]);
  return [...ids].sort().map((userId) => ({
    userId,
    yours: list(yours, userId),
    overseen: list(overseen, userId),
    escalated: list(escalated, userId),
  }));
}
