// A value typed into a record but kept on the tablet unsent (a record form's scratch) because it
// fails the check the server would make, said the way its field says it: the screens that list
// such values (Check your answers, an action's "Save and return") share these words.
import { textTooLongLimit } from '../../schemas/errors';
import { REAL_DATE_MESSAGE } from '../ui/date-input';

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

/** Why a typed value is held back, as the rest of a sentence after the field's name. */
export function heldBackDetail(value: string, problem: string | undefined): string {
  // Valid now (the checklist or the record changed since): its page sends it once opened.
  if (problem === undefined) return 'what you typed is not sent yet – open it so that it is sent';
  const limit = textTooLongLimit(problem);
  if (limit !== undefined && value.length > limit) {
    const over = value.length - limit;
    return `you have ${over} ${over === 1 ? 'character' : 'characters'} too many`;
  }
  return lowerFirst(problem);
}

/** Why a date's boxes are held back: they make no date yet. */
export const halfDateDetail = lowerFirst(REAL_DATE_MESSAGE);
