import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { SessionController } from './session';

/** The session controller, for the shell's own screens (features use src/lib/services). */
export const ControllerContext = createContext<SessionController | null>(null);

export function useController(): SessionController {
  const c = useContext(ControllerContext);
  if (!c) throw new Error('useController outside the app');
  return c;
}
