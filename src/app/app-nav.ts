// The menu of a signed-in person: what their role may open, with the safety concerns waiting for
// them counted on their menu item (src/lib/concerns-waiting.tsx, counted once for the menu and the home banner).
import { OBSERVING_ROLES } from '../../schemas/api/account';
import { programmeNav } from '../features/programme/nav';
import { useConcernsWaiting } from '../lib/concerns-waiting';
import { useServices } from '../lib/services';
import type { NavItem } from './header';
import { oversightNav } from './oversight';

export function useAppNav(): NavItem[] {
  const { user } = useServices();
  const concernsWaiting = useConcernsWaiting() ?? 0;
  return [
    { href: '/', text: 'Your observations' },
    ...(OBSERVING_ROLES.has(user.role)
      ? [{ href: '/observations/new', text: 'New observation' }]
      : []),
    ...programmeNav(user.role),
    ...(user.role === 'admin' ? [{ href: '/admin', text: 'Administration' }] : []),
    ...oversightNav(user.role, { concernsWaiting }),
  ];
}
