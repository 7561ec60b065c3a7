// How an email names a team: a practice group with its service, as people in the authority know
// it ("Group A (Children and families)"), so the safety concern emails and the weekly overdue
// actions email name the same team the same way. One place, so they cannot drift apart.

/** Said when the team is no longer found (deleted meanwhile): never an id in an email. */
export const UNKNOWN_TEAM = 'your service';

/** A practice group as "Group (Service)"; a service, which has no parent, by its own name. */
export function teamName(scope: { name: string; parentName?: string | null } | undefined): string {
  if (!scope) return UNKNOWN_TEAM;
  return scope.parentName ? `${scope.name} (${scope.parentName})` : scope.name;
}
