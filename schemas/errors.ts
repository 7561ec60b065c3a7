// Stable error codes for the shared domain. Codes never change meaning once released: the client
// and the server match on them, and the sync server returns them to the device in 4xx answers.
// Messages are written for a person who can fix the problem; the UI may prefix the field's label.

export const errorCodes = {
  FIELD_REQUIRED: 'FIELD_REQUIRED',
  FIELD_NOT_ALLOWED: 'FIELD_NOT_ALLOWED',
  WRONG_TYPE: 'WRONG_TYPE',
  NOT_AN_OPTION: 'NOT_AN_OPTION',
  VALUE_OUT_OF_RANGE: 'VALUE_OUT_OF_RANGE',
  FORMAT_INVALID: 'FORMAT_INVALID',
  ID_INVALID: 'ID_INVALID',
  KEY_INVALID: 'KEY_INVALID',
  DATE_INVALID: 'DATE_INVALID',
  TIMESTAMP_INVALID: 'TIMESTAMP_INVALID',
  TIME_INVALID: 'TIME_INVALID',
  CASE_ID_INVALID: 'CASE_ID_INVALID',
  TEXT_TOO_LONG: 'TEXT_TOO_LONG',
  DUPLICATE_ID: 'DUPLICATE_ID',
  TEMPLATE_UNKNOWN: 'TEMPLATE_UNKNOWN',
  TEMPLATE_MISMATCH: 'TEMPLATE_MISMATCH',
  GRADE_SCALE_UNKNOWN: 'GRADE_SCALE_UNKNOWN',
  ITEM_UNKNOWN: 'ITEM_UNKNOWN',
  GRADE_UNKNOWN: 'GRADE_UNKNOWN',
  ANSWER_INVALID: 'ANSWER_INVALID',
  EVIDENCE_NOT_ALLOWED: 'EVIDENCE_NOT_ALLOWED',
  SUBMITTED_AT_REQUIRED: 'SUBMITTED_AT_REQUIRED',
  ACKNOWLEDGEMENT_INCOMPLETE: 'ACKNOWLEDGEMENT_INCOMPLETE',
  FIELD_PATH_UNKNOWN: 'FIELD_PATH_UNKNOWN',
  STATUS_TRANSITION_NOT_ALLOWED: 'STATUS_TRANSITION_NOT_ALLOWED',
  UPGRADE_NOT_ALLOWED: 'UPGRADE_NOT_ALLOWED',
  /** An assignment marked done before the observation it is for is submitted. */
  OBSERVATION_NOT_SUBMITTED: 'OBSERVATION_NOT_SUBMITTED',
  /** An audit's family feedback call part done, or the audit marked done, with no call recorded. */
  FAMILY_CALL_NOT_RECORDED: 'FAMILY_CALL_NOT_RECORDED',
  INVALID: 'INVALID',
} as const;

export type ErrorCode = (typeof errorCodes)[keyof typeof errorCodes];

const errorCodeSet: ReadonlySet<string> = new Set(Object.values(errorCodes));

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && errorCodeSet.has(value);
}

/** Writes 10000 as "10,000" without depending on the runtime's locale data. */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export const messages = {
  required: 'This field is required',
  blank: 'This field cannot be blank',
  notAllowed: 'This field is not allowed',
  idInvalid: 'Must be an ID of 8 to 64 letters, numbers, hyphens or underscores',
  keyInvalid:
    'Must be a key of lower-case letters and numbers separated by single hyphens, like ‘not-observed’',
  timestampInvalid: 'Must be a UTC date and time in ISO 8601 format, like 2026-04-01T09:30:00Z',
  timeInvalid: 'Enter a time in 24-hour format, like 09:30',
  caseIdInvalid:
    'Enter a case ID, not a name: 3 to 20 letters, numbers or hyphens, including at least one number',
  textTooLong: (max: number) => `Must be ${formatCount(max)} characters or fewer`,
  submittedAtRequired:
    'Enter when the record was first submitted – every record past draft has one',
  acknowledgementIncomplete: 'Enter both who acknowledged the safety concern and when',
  templateUnknown: (id: string, version: number) =>
    `Template ‘${id}’ version ${version} is not available on this device or server – update the app, or choose a template from the catalogue`,
  templateMismatch: (field: string, expected: string, actual: string) =>
    `This record’s ${field} is ‘${actual}’ but the template’s is ‘${expected}’`,
  gradeScaleUnknown: (id: string) =>
    `Grade scale ‘${id}’ is not available – update the app or ask an administrator to add it`,
  itemUnknown: (itemId: string, templateId: string, version: number) =>
    `‘${itemId}’ is not a question in template ‘${templateId}’ version ${version}`,
  gradeUnknown: (key: string, scaleId: string) =>
    `‘${key}’ is not a grade on the ‘${scaleId}’ scale`,
  overallGradeNotObserved: 'An overall judgement must be a grade, not ‘Not observed’',
  evidenceNotAllowed: 'This question does not take evidence – remove it or move it to a comment',
  fieldPathUnknown: (path: string) => `‘${path}’ is not a field of an observation record`,
  transitionNotAllowed: (from: string, to: string, role: string) =>
    `A ${role} cannot move a record from ${from} to ${to}`,
} as const;

/**
 * The limit a `messages.textTooLong` message names, or undefined for any other message: lets a
 * screen that was handed only the message say how far over the limit a text is.
 */
export function textTooLongLimit(message: string): number | undefined {
  const m = /^Must be ([\d,]+) characters or fewer$/.exec(message);
  return m ? Number(m[1]!.replace(/,/g, '')) : undefined;
}

export type FieldError = {
  /** Dotted field path, e.g. `context.caseId` or `responses.family-spoke-early.evidence`. */
  path: string;
  code: ErrorCode;
  message: string;
};

export type Result<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/** Thrown only for programming errors (a caller broke a precondition); input errors are results. */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  readonly code: ErrorCode;
  readonly fieldErrors: readonly FieldError[];

  constructor(code: ErrorCode, message: string, fieldErrors: readonly FieldError[] = []) {
    super(message);
    this.code = code;
    this.fieldErrors = fieldErrors;
  }
}
