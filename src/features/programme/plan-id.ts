// The id a plan is sent under. The server makes a plan of one id once and answers a repeat with
// what it made, so the id is made at the first press of the button and kept until the plan's
// details change or the plan is made: a double tap, or a press again after an answer that never
// came, sends the same plan and not a second one.
import { useRef } from 'preact/hooks';
import { newRecordId } from '../../lib/ids';

export type PlanId = {
  /** The id of the plan as the form holds it now (made and kept at the first call). */
  take(): string;
  /** The details changed, or the plan was made: the next press sends a new plan. */
  forget(): void;
};

/**
 * `kept` is an id kept with the form's draft and `keep` keeps one there, so that a press after the
 * idle lock or a reload still sends the plan under the id it was first sent with.
 */
export function usePlanId(
  kept: string | undefined = undefined,
  keep: (id: string) => void = () => undefined,
): PlanId {
  // A ref, not only the draft: two presses in one moment both run before the draft's next render.
  const current = useRef<string | undefined>(undefined);
  return {
    take() {
      if (current.current === undefined) {
        current.current = kept ?? newRecordId();
        if (current.current !== kept) keep(current.current);
      }
      return current.current;
    },
    forget() {
      current.current = undefined;
    },
  };
}
