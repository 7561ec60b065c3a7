import type { z } from 'zod';
import { CALENDAR_DATE_MESSAGE } from './calendar/dates';
import { errorCodes, isErrorCode, messages } from './errors';
import type { ErrorCode, FieldError, Result } from './errors';

// Turns zod issues into `FieldError`s: a dotted path naming the field, a stable code and a message
// a person can act on. Use `parseWith` at every boundary rather than `schema.safeParse`, so that
// messages zod would otherwise write for developers ("expected string, received undefined") are
// replaced by ours, and so that input values never travel in errors (they may be personal data).

type Issue = z.core.$ZodIssue;
type RawIssue = z.core.$ZodRawIssue;

// Format failures carry our message but no code of their own; the message identifies them.
const codeByFormatMessage = new Map<string, ErrorCode>([
  [messages.idInvalid, errorCodes.ID_INVALID],
  [messages.keyInvalid, errorCodes.KEY_INVALID],
  [messages.timestampInvalid, errorCodes.TIMESTAMP_INVALID],
  [messages.timeInvalid, errorCodes.TIME_INVALID],
  [messages.caseIdInvalid, errorCodes.CASE_ID_INVALID],
  [CALENDAR_DATE_MESSAGE, errorCodes.DATE_INVALID],
]);

const typeWords: Record<string, string> = {
  string: 'Must be text',
  number: 'Must be a number',
  int: 'Must be a whole number',
  boolean: 'Must be true or false',
  object: 'Must be an object',
  record: 'Must be an object',
  array: 'Must be a list',
};

function isMissing(issue: { input?: unknown }): boolean {
  return !('input' in issue) || issue.input === undefined;
}

/**
 * Per-parse error map: supplies messages for issues whose schema did not set one. Schema-level
 * messages (case ID, text length, date format) take precedence, as zod gives them priority.
 */
const MISSABLE = new Set(['invalid_type', 'invalid_value', 'invalid_union']);

export function domainErrorMap(issue: RawIssue): string {
  if (MISSABLE.has(issue.code ?? '') && issue.input === undefined) return messages.required;
  switch (issue.code) {
    case 'invalid_type':
      return typeWords[issue.expected] ?? `Must be of type ${issue.expected}`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `Must be ‘${String(issue.values[0])}’`
        : `Must be one of: ${issue.values.map(String).join(', ')}`;
    case 'unrecognized_keys':
      return messages.notAllowed;
    case 'invalid_union':
      if ('discriminator' in issue && issue.discriminator !== undefined) {
        return `Must have a known ‘${issue.discriminator}’`;
      }
      return 'Does not match any allowed form';
    case 'too_big':
      if (issue.origin === 'string') return messages.textTooLong(Number(issue.maximum));
      if (issue.origin === 'array') return `Must have no more than ${issue.maximum} items`;
      return `Must be ${issue.maximum} or less`;
    case 'too_small':
      if (issue.origin === 'string') return messages.blank;
      if (issue.origin === 'array') return `Must have at least ${issue.minimum} item(s)`;
      return `Must be ${issue.minimum} or more`;
    case 'invalid_key':
      return 'Not a valid key';
    case 'invalid_format':
      return 'Has the wrong format';
    default:
      return 'Not valid';
  }
}

function pathOf(path: readonly PropertyKey[]): string {
  return path.map((segment) => String(segment)).join('.');
}

function codeOf(issue: Issue): ErrorCode {
  if (MISSABLE.has(issue.code) && isMissing(issue)) return errorCodes.FIELD_REQUIRED;
  switch (issue.code) {
    case 'invalid_type':
      return errorCodes.WRONG_TYPE;
    case 'invalid_value':
      return errorCodes.NOT_AN_OPTION;
    case 'unrecognized_keys':
      return errorCodes.FIELD_NOT_ALLOWED;
    case 'invalid_union':
      return issue.discriminator !== undefined ? errorCodes.NOT_AN_OPTION : errorCodes.WRONG_TYPE;
    case 'too_big':
      return issue.origin === 'string' ? errorCodes.TEXT_TOO_LONG : errorCodes.VALUE_OUT_OF_RANGE;
    case 'too_small':
      return issue.origin === 'string' && Number(issue.minimum) <= 1
        ? errorCodes.FIELD_REQUIRED
        : errorCodes.VALUE_OUT_OF_RANGE;
    case 'invalid_format':
      return codeByFormatMessage.get(issue.message) ?? errorCodes.FORMAT_INVALID;
    case 'invalid_key': {
      const inner = issue.issues[0];
      return inner ? codeOf(inner) : errorCodes.KEY_INVALID;
    }
    case 'custom': {
      const code: unknown = issue.params?.['code'];
      if (isErrorCode(code)) return code;
      return codeByFormatMessage.get(issue.message) ?? errorCodes.INVALID;
    }
    default:
      return errorCodes.INVALID;
  }
}

/** One `FieldError` per problem; an unknown-keys issue becomes one error per unknown key. */
export function toFieldErrors(error: z.ZodError): FieldError[] {
  const out: FieldError[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        out.push({
          path: pathOf([...issue.path, key]),
          code: errorCodes.FIELD_NOT_ALLOWED,
          message: issue.message,
        });
      }
      continue;
    }
    const inner = issue.code === 'invalid_key' ? issue.issues[0] : undefined;
    out.push({
      path: pathOf(issue.path),
      code: codeOf(issue),
      message: inner && inner.code === 'custom' ? inner.message : issue.message,
    });
  }
  return out;
}

/** Safe-parses with our messages and returns a result whose errors name each field. */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown): Result<z.output<S>> {
  const parsed = schema.safeParse(input, { error: domainErrorMap, reportInput: true });
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, errors: toFieldErrors(parsed.error) };
}
