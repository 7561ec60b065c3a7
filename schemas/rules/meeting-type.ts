// The type of meeting a programme assignment names, as the checklist's answer. A QA lead plans a
// chairing observation of a meeting in their own words ("Initial child protection conference",
// "Review conference"); the observation started from it should arrive with the type question
// answered, since the type decides which timescale the meeting is judged by. The words are free
// text, so only a plain match counts: they begin with one option's label (case and punctuation
// aside) and with no other's. Anything else is left for the observer to answer.
import { responsePath } from '../entities/observation-fields';
import type { Template } from '../entities/template';
import { meetingTypeItem } from './meeting-timescale';

const wordsOf = (text: string) =>
  text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

/** The type question's field path and the option key the meeting's words name; null if none does. */
export function meetingTypeAnswer(
  template: Template,
  meeting: string,
): { path: string; key: string } | null {
  const item = meetingTypeItem(template);
  if (!item || item.response.type !== 'choice' || item.response.multiple) return null;
  const named = wordsOf(meeting);
  const fits = item.response.options.filter((option) => {
    const label = wordsOf(option.label);
    return label.length > 0 && label.every((word, i) => named[i] === word);
  });
  return fits.length === 1 ? { path: responsePath(item.id, 'value'), key: fits[0]!.key } : null;
}
