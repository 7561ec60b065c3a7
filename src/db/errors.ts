// Errors from the device's store. Each has a stable `code` the UI and the sync engine match on, and
// a message a person can act on; none of them carries record content, so they are safe to log.

export const dbErrorCodes = {
  STORAGE_FULL: 'STORAGE_FULL',
  STORAGE_UNAVAILABLE: 'STORAGE_UNAVAILABLE',
  LOCAL_DATA_UNREADABLE: 'LOCAL_DATA_UNREADABLE',
  DATA_KEY_INVALID: 'DATA_KEY_INVALID',
  DATA_KEY_WRONG: 'DATA_KEY_WRONG',
  CHANGE_INVALID: 'CHANGE_INVALID',
  RECORD_NOT_FOUND: 'RECORD_NOT_FOUND',
  CONFLICT_NOT_FOUND: 'CONFLICT_NOT_FOUND',
  PULL_PAGE_INVALID: 'PULL_PAGE_INVALID',
  KEYRING_UNAVAILABLE: 'KEYRING_UNAVAILABLE',
  STORE_CLOSED: 'STORE_CLOSED',
  REGISTRATION_SUPERSEDED: 'REGISTRATION_SUPERSEDED',
} as const;

export type DbErrorCode = (typeof dbErrorCodes)[keyof typeof dbErrorCodes];

export abstract class DbError extends Error {
  abstract readonly code: DbErrorCode;
}

/** The device has no room left; the write was not made and nothing changed. */
export class StorageFullError extends DbError {
  override readonly name = 'StorageFullError';
  readonly code = dbErrorCodes.STORAGE_FULL;
  constructor(options?: { cause?: unknown }) {
    super(
      'This device is out of storage space, so the change was not saved. Keep this screen open, ' +
        'connect to the internet so waiting changes can be sent, or free up space on the tablet, ' +
        'then try again.',
      options,
    );
  }
}

/** IndexedDB could not be opened (private browsing, blocked by another tab, browser policy). */
export class StorageUnavailableError extends DbError {
  override readonly name = 'StorageUnavailableError';
  readonly code = dbErrorCodes.STORAGE_UNAVAILABLE;
  constructor(options?: { cause?: unknown }) {
    super(
      'This browser will not let the app store records on the device. Close other tabs of the ' +
        'app and reload; if it still fails, turn off private browsing or ask IT support.',
      options,
    );
  }
}

/** A stored value failed its integrity check: it was altered, moved, or sealed with another key. */
export class DecryptionError extends DbError {
  override readonly name = 'DecryptionError';
  readonly code = dbErrorCodes.LOCAL_DATA_UNREADABLE;
  constructor(where: string, options?: { cause?: unknown }) {
    super(
      `A record stored on this device (${where}) cannot be read: it was changed outside the app ` +
        'or belongs to another user. Sign out and in again; if it persists, contact IT support.',
      options,
    );
  }
}

export class InvalidDataKeyError extends DbError {
  override readonly name = 'InvalidDataKeyError';
  readonly code = dbErrorCodes.DATA_KEY_INVALID;
  constructor(length: number) {
    super(`The device data key must be 32 bytes long, but ${length} bytes were given.`);
  }
}

/** The key opens nothing in this user's store: another user's key, or a wrongly unwrapped one. */
export class WrongDataKeyError extends DbError {
  override readonly name = 'WrongDataKeyError';
  readonly code = dbErrorCodes.DATA_KEY_WRONG;
  constructor() {
    super(
      'The records on this device were saved with a different key. Sign in as the user who ' +
        'saved them; nothing has been changed.',
    );
  }
}

/** A change the store refused before writing anything. */
export class InvalidChangeError extends DbError {
  override readonly name = 'InvalidChangeError';
  readonly code = dbErrorCodes.CHANGE_INVALID;
  constructor(message: string) {
    super(message);
  }
}

export class RecordNotFoundError extends DbError {
  override readonly name = 'RecordNotFoundError';
  readonly code = dbErrorCodes.RECORD_NOT_FOUND;
  constructor(recordId: string) {
    super(`Record ${recordId} is not on this device. Sync, then open it again from the list.`);
  }
}

export class ConflictNotFoundError extends DbError {
  override readonly name = 'ConflictNotFoundError';
  readonly code = dbErrorCodes.CONFLICT_NOT_FOUND;
  constructor() {
    super(
      'This difference has already been settled, on this or another device. Review the field ' +
        'as it is now.',
    );
  }
}

/** The server's page does not match the wire schema; nothing of it was applied. */
export class InvalidPullPageError extends DbError {
  override readonly name = 'InvalidPullPageError';
  readonly code = dbErrorCodes.PULL_PAGE_INVALID;
  constructor(detail: string) {
    super(
      `The server sent changes this app cannot read (${detail}). Update the app and sync again.`,
    );
  }
}

/** The tablet's keyring (the wrapped data keys) could not be read or written. */
export class KeyringError extends DbError {
  override readonly name = 'KeyringError';
  readonly code = dbErrorCodes.KEYRING_UNAVAILABLE;
  constructor(options?: { cause?: unknown }) {
    super(
      'This tablet could not read or save its unlock keys. Close other tabs of the app and ' +
        'reload; if it still fails, sign in again while online.',
      options,
    );
  }
}

/**
 * The store was closed (locked, signed out, or deleted from another window of the app) and is not
 * reopened behind the app's back, so nothing was read or written.
 */
export class StoreClosedError extends DbError {
  override readonly name = 'StoreClosedError';
  readonly code = dbErrorCodes.STORE_CLOSED;
  constructor(options?: { cause?: unknown }) {
    super(
      'The app was locked or signed out, perhaps in another window, so this was not saved here. ' +
        'Unlock or sign in again to carry on.',
      options,
    );
  }
}

/**
 * A window still holding an older sign-in on this tablet: the store has moved on to a newer
 * registration, and going back to the old one would number new edits as ones the server has
 * already seen (and so drop them).
 */
export class RegistrationSupersededError extends DbError {
  override readonly name = 'RegistrationSupersededError';
  readonly code = dbErrorCodes.REGISTRATION_SUPERSEDED;
  constructor() {
    super(
      'You signed in again in another window, so this window’s sign-in is out of date. Sign in ' +
        'again here; everything saved on this tablet is kept.',
    );
  }
}

function isClosedError(err: unknown, depth = 0): boolean {
  if (typeof err !== 'object' || err === null || depth > 4) return false;
  const e = err as { name?: unknown; inner?: unknown };
  return e.name === 'DatabaseClosedError' || isClosedError(e.inner, depth + 1);
}

function isQuotaError(err: unknown, depth = 0): boolean {
  if (typeof err !== 'object' || err === null || depth > 4) return false;
  const e = err as { name?: unknown; inner?: unknown; cause?: unknown; failures?: unknown };
  if (e.name === 'QuotaExceededError') return true;
  if (isQuotaError(e.inner, depth + 1) || isQuotaError(e.cause, depth + 1)) return true;
  return Array.isArray(e.failures) && e.failures.some((f) => isQuotaError(f, depth + 1));
}

/**
 * Our own errors pass through; a full disk, however IndexedDB or Dexie wraps it, becomes a
 * StorageFullError, and a closed store a StoreClosedError. Anything else is rethrown as it is, since guessing would hide the real fault.
 */
export function toDbError(err: unknown): unknown {
  if (err instanceof DbError) return err;
  if (isQuotaError(err)) return new StorageFullError({ cause: err });
  if (isClosedError(err)) return new StoreClosedError({ cause: err });
  return err;
}
