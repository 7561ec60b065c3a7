// Every error the server sends has a stable code and a message a person can act on. Internals
// (stack traces, SQL) never reach the client.

export const ErrorCode = {
  BAD_REQUEST: 'BAD_REQUEST',
  /** The address itself is malformed (a broken %-escape). */
  BAD_URL: 'BAD_URL',
  /** Broken UTF-8, a lone surrogate or a NUL character anywhere in the request. */
  INVALID_TEXT: 'INVALID_TEXT',
  NESTING_TOO_DEEP: 'NESTING_TOO_DEEP',
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  NOT_FOUND: 'NOT_FOUND',
  RATE_LIMITED: 'RATE_LIMITED',
  NOT_READY: 'NOT_READY',
  INTERNAL: 'INTERNAL',
  // Sessions and access. DEVICE_REVOKED tells the app to erase what it holds on this device;
  // SESSION_EXPIRED and AUTH_REQUIRED only ask the person to sign in again, keeping unsent work.
  AUTH_REQUIRED: 'AUTH_REQUIRED',
  SESSION_EXPIRED: 'SESSION_EXPIRED',
  DEVICE_REVOKED: 'DEVICE_REVOKED',
  ACCOUNT_DISABLED: 'ACCOUNT_DISABLED',
  FORBIDDEN: 'FORBIDDEN',
  SIGN_IN_FAILED: 'SIGN_IN_FAILED',
  ACCOUNT_LOCKED: 'ACCOUNT_LOCKED',
  // Accounts, scopes and devices.
  EMAIL_TAKEN: 'EMAIL_TAKEN',
  SCOPE_NAME_TAKEN: 'SCOPE_NAME_TAKEN',
  SCOPE_PARENT_INVALID: 'SCOPE_PARENT_INVALID',
  SCOPE_NOT_FOUND: 'SCOPE_NOT_FOUND',
  USER_NOT_FOUND: 'USER_NOT_FOUND',
  DEVICE_NOT_FOUND: 'DEVICE_NOT_FOUND',
  // First run.
  SETUP_NOT_AVAILABLE: 'SETUP_NOT_AVAILABLE',
  SETUP_CODE_INVALID: 'SETUP_CODE_INVALID',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode] | (string & {});

export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export type ErrorBody = { error: { code: string; message: string; details?: unknown } };

export const errorBody = (code: string, message: string, details?: unknown): ErrorBody => ({
  error: details === undefined ? { code, message } : { code, message, details },
});
