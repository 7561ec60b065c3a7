import { isCalendarDate } from '../calendar/dates';
import { errorCodes, messages } from '../errors';
import type { ErrorCode } from '../errors';
import { isGradeAnswerKey } from '../entities/grade-scale';
import type { GradeScale } from '../entities/grade-scale';
import type { ResponseEntry, ResponseValue } from '../entities/observation';
import { YNNA_ANSWERS, YPNDK_ANSWERS } from '../entities/response-spec';
import type { ResponseSpec } from '../entities/response-spec';

// Whether a stored answer fits its question. Single answers live in `value`; multiple-choice
// answers in `choices` (one flag per option key, so concurrent ticks merge per option).

export type ValueProblem = { code: ErrorCode; message: string };

/** A problem with one part of a response entry: `value`, `choices` or `choices.<key>`. */
export type EntryProblem = ValueProblem & { leaf: string };

function oneOf(values: readonly string[]): string {
  return `Must be one of: ${values.join(', ')}`;
}

const invalid = (message: string): ValueProblem => ({ code: errorCodes.ANSWER_INVALID, message });

export function isMultipleChoice(spec: ResponseSpec): boolean {
  return spec.type === 'choice' && spec.multiple === true;
}

/** Why a single stored answer does not fit the item's response type, or undefined if it fits. */
export function checkResponseValue(
  spec: ResponseSpec,
  value: ResponseValue,
  scale: GradeScale,
): ValueProblem | undefined {
  switch (spec.type) {
    case 'grade4':
      if (typeof value !== 'string' || !isGradeAnswerKey(scale, value)) {
        return {
          code: errorCodes.GRADE_UNKNOWN,
          message: messages.gradeUnknown(String(value), scale.id),
        };
      }
      return undefined;
    case 'ynna':
      return typeof value === 'string' && (YNNA_ANSWERS as readonly string[]).includes(value)
        ? undefined
        : invalid(oneOf(YNNA_ANSWERS));
    case 'ypndk':
      return typeof value === 'string' && (YPNDK_ANSWERS as readonly string[]).includes(value)
        ? undefined
        : invalid(oneOf(YPNDK_ANSWERS));
    case 'scale0to10':
      return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 10
        ? undefined
        : invalid('Must be a whole number from 0 to 10');
    case 'text':
      if (typeof value !== 'string') return invalid('Must be text');
      return value.length <= spec.maxLength
        ? undefined
        : { code: errorCodes.TEXT_TOO_LONG, message: messages.textTooLong(spec.maxLength) };
    case 'date':
      return isCalendarDate(value)
        ? undefined
        : invalid('Must be a real date in the format YYYY-MM-DD, like 2026-04-01');
    case 'choice': {
      const keys = spec.options.map((option) => option.key);
      if (spec.multiple) return invalid('This question takes a choice of options, not one value');
      return typeof value === 'string' && keys.includes(value) ? undefined : invalid(oneOf(keys));
    }
  }
}

/** Every way the entry's answer does not fit the question (evidence is checked elsewhere). */
export function checkResponseEntry(
  spec: ResponseSpec,
  entry: ResponseEntry,
  scale: GradeScale,
): EntryProblem[] {
  const problems: EntryProblem[] = [];
  if (entry.value !== undefined) {
    const problem = checkResponseValue(spec, entry.value, scale);
    if (problem) problems.push({ leaf: 'value', ...problem });
  }
  if (entry.choices !== undefined) {
    if (spec.type !== 'choice' || !spec.multiple) {
      problems.push({
        leaf: 'choices',
        ...invalid('This question takes one answer, not a choice of options'),
      });
    } else {
      const keys = spec.options.map((option) => option.key);
      for (const key of Object.keys(entry.choices)) {
        if (!keys.includes(key)) problems.push({ leaf: `choices.${key}`, ...invalid(oneOf(keys)) });
      }
    }
  }
  return problems;
}

/** Option keys ticked in a multiple-choice answer, sorted. */
export function selectedChoices(entry: ResponseEntry | undefined): string[] {
  return Object.entries(entry?.choices ?? {})
    .filter(([, ticked]) => ticked)
    .map(([key]) => key)
    .sort();
}

/** True when the entry holds an answer in substance: not blank, not an empty set of choices. */
export function hasAnswer(entry: ResponseEntry | undefined): boolean {
  if (!entry) return false;
  if (selectedChoices(entry).length > 0) return true;
  const { value } = entry;
  if (value === undefined) return false;
  return typeof value === 'string' ? value.trim().length > 0 : true;
}
