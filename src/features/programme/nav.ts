// The programme's entries in the app's navigation, by role: who is given assignments, who plans
// them, who watches coverage. Administrators see no records, so none of it.
import { OBSERVING_ROLES } from '../../../schemas/api/account';
import type { RoleKey } from '../../../schemas/api/account';

/** Those who observe, and a guest observer from another authority, who observes only this way. */
const ASSIGNED: ReadonlySet<RoleKey> = new Set([...OBSERVING_ROLES, 'guest']);
const OVERSEES: ReadonlySet<RoleKey> = new Set(['qa-lead', 'head-of-service', 'director']);

export function programmeNav(role: RoleKey): { href: string; text: string }[] {
  const nav: { href: string; text: string }[] = [];
  if (ASSIGNED.has(role)) nav.push({ href: '/assignments', text: 'My assignments' });
  if (role === 'qa-lead') nav.push({ href: '/programme/plan', text: 'Plan audits' });
  if (OVERSEES.has(role)) nav.push({ href: '/programme/coverage', text: 'Coverage' });
  return nav;
}
