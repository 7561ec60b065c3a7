// The words the app's pages give an observation's fields and their values: a field by the name
// its page gives it, and a value as the person chose it (a grade's label, a date in words). Shared
// by the observation's screens and the printed record, which lists its amendments with them.
import type { FieldValue } from '../../schemas/entities/field-value';
import type { GradeScale } from '../../schemas/entities/grade-scale';
import type { CallOutcome } from '../../schemas/entities/family-call-attempt';
import { feedbackWords, settingWords } from '../../schemas/entities/kind-words';
import { answerLabels } from '../../schemas/entities/response-spec';
import type { YnnaAnswer, YpndkAnswer } from '../../schemas/entities/response-spec';
import { findItem } from '../../schemas/entities/template';
import type { Template } from '../../schemas/entities/template';
import { quote } from '../../schemas/rules/completeness';
import { formatDate, gradeLabelOf } from './observation-records';

export const outcomeLabels: Record<CallOutcome, string> = {
  'no-answer': 'No answer',
  'call-back': 'Asked to be called back',
  declined: 'Declined to take part',
  completed: 'Completed',
};

const staticLabels: Record<string, (template: Template) => string> = {
  'context.observedName': (t) =>
    t.kind === 'family-feedback-call'
      ? 'Name of the social worker for the case'
      : `Name of ${t.observedDescription}`,
  'context.observedRole': (t) => `Role of ${t.observedDescription}`,
  'context.observedUserId': (t) => `Account of ${t.observedDescription}`,
  'context.caseId': () => 'Case ID',
  'context.setting': (t) => settingWords[t.kind].label,
  'context.date': (t) =>
    t.kind === 'family-feedback-call'
      ? 'Date of the call'
      : t.kind === 'single-case-audit'
        ? 'Date of the audit'
        : 'Date of the observation',
  'context.startTime': () => 'Start time',
  'context.linkedObservationId': () => 'Which audit this call is for',
  'context.consent.given': () => 'Consent given',
  'context.consent.byWhom': () => 'Who gave consent',
  'context.consent.how': () => 'How consent was given',
  'context.consent.declinedParts': () => 'Which parts were declined',
  'summary.strengths': () => 'Strengths',
  'summary.areasForDevelopment': () => 'Areas for development',
  'summary.overallGrade': () => 'Overall judgement',
  'summary.overallReasons': () => 'Reasons for your judgement',
  'summary.feedback.held': (t) => feedbackWords[t.kind].heldLabel,
  'summary.feedback.restorative': () => 'Restorative approach used in the feedback',
  'summary.feedback.date': (t) => feedbackWords[t.kind].date,
  'summary.feedback.notes': (t) => feedbackWords[t.kind].notes,
  'summary.reflection': () => 'Their reflection',
  practitionerResponse: () => 'The practitioner’s own response',
  'family.whoAnswered': () => 'Who answered',
  'family.whoAnsweredDetail': () => 'Who answered the call',
  'family.interpreterUsed': () => 'Interpreter used',
  'family.language': () => 'Language of the call',
  'family.familyWords': () => 'What the family said, in their own words',
  'family.auditorSummary': () => 'Your summary for the audit',
};

export const actionFieldLabels: Record<string, string> = {
  what: 'what needs to be done',
  ownerName: 'who will do it',
  dueDate: 'due by',
};

/** A field of the observation by the name its page gives it, for a message about it. */
export function fieldLabel(
  template: Template,
  path: string,
  /** The observation's improvement actions (to number them as their list does). */
  actions: readonly { id: string; deleted?: boolean }[] = [],
): string {
  const fixed = staticLabels[path];
  if (fixed) return fixed(template);
  const response = /^responses\.([^.]+)\.(value|evidence)$/.exec(path);
  const item = response ? findItem(template, response[1]!)?.item : undefined;
  if (response && item) {
    if (response[2] === 'value') return quote(item.prompt);
    const evidence =
      item.evidenceLabel ?? (item.evidence === 'required-for-grade-or-no' ? 'Evidence' : 'Comment');
    return `${evidence} for ${quote(item.prompt)}`;
  }
  const choice = /^responses\.([^.]+)\.choices\.(.+)$/.exec(path);
  const chosen = choice ? findItem(template, choice[1]!)?.item : undefined;
  if (choice && chosen) {
    const spec = chosen.response;
    const option = spec.type === 'choice' ? spec.options.find((o) => o.key === choice[2]) : null;
    return `${quote(chosen.prompt)}: ${option?.label ?? choice[2]!}`;
  }
  const action = /^actions\.([^.]+)\.(.+)$/.exec(path);
  if (action) {
    const index = actions.filter((a) => !a.deleted).findIndex((a) => a.id === action[1]);
    const which = index >= 0 ? `Action ${index + 1}` : 'An improvement action';
    return `${which}, ${actionFieldLabels[action[2]!] ?? 'an answer'}`;
  }
  return 'An answer';
}

/** Whether consent was given, as the check page says it. */
export const consentWords = {
  yes: 'Yes',
  partly: 'Partly',
  no: 'No',
  'not-reached': 'Could not reach them',
} as const;

/**
 * One field's value as the person chose it, for a page that lists fields by path (what cancelling
 * an amendment puts back): a grade's or an answer's label, a date in words, not their keys.
 */
export function pathValueText(
  template: Template,
  scale: GradeScale,
  path: string,
  value: FieldValue,
): string {
  // An account's id means nothing to a reader, and the tablet may not know whose it is.
  if (path === 'context.observedUserId') return value ? 'Linked' : 'Not linked';
  if (value === null || value === '') return 'Empty';
  const choice = /^responses\.([^.]+)\.choices\./.exec(path);
  if (choice) return value === true ? 'Chosen' : 'Not chosen';
  const response = /^responses\.([^.]+)\.value$/.exec(path);
  const item = response ? findItem(template, response[1]!)?.item : undefined;
  if (item) {
    const spec = item.response;
    if (spec.type === 'choice')
      return spec.options.find((o) => o.key === value)?.label ?? String(value);
    if (spec.type === 'grade4') return gradeLabelOf(scale, String(value)) ?? String(value);
    if (spec.type === 'ynna' || spec.type === 'ypndk')
      return answerLabels[value as YnnaAnswer | YpndkAnswer] ?? String(value);
    if (spec.type === 'scale0to10') return `${String(value)} out of 10`;
    if (spec.type === 'date') return formatDate(String(value));
  }
  if (path === 'summary.overallGrade') return gradeLabelOf(scale, String(value)) ?? String(value);
  if (path === 'context.consent.given')
    return consentWords[value as keyof typeof consentWords] ?? String(value);
  if (/(^|\.)date$/.test(path) && typeof value === 'string') return formatDate(value);
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  return String(value);
}
