// Encryption at rest for everything that could say something about a child. Synchronous AES-GCM
// (@noble/ciphers) rather than WebCrypto, because an awaited WebCrypto call inside a Dexie
// transaction lets IndexedDB commit it early: the edit and its outbox entry must be sealed and
// written in one transaction.
import { gcm } from '@noble/ciphers/aes.js';
import { bytesToUtf8, concatBytes, randomBytes, utf8ToBytes } from '@noble/ciphers/utils.js';
import { DecryptionError, InvalidDataKeyError, StoreClosedError } from './errors';

const FORMAT_VERSION = 1;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

/** Where a sealed value lives. It is bound to this place: a blob moved elsewhere will not open. */
export type BlobSlot = { table: string; key: string | number };

export type RecordCipher = {
  seal(slot: BlobSlot, value: unknown): Uint8Array;
  open<T>(slot: BlobSlot, blob: Uint8Array): T;
  /** Zeroes the key: from then on seal and open throw StoreClosedError (STORE_CLOSED). */
  wipe(): void;
};

/** A fresh random 256-bit data key. Wrapping it with the user's unlock secret is the caller's job. */
export function generateDataKey(): Uint8Array {
  return randomBytes(KEY_BYTES);
}

// The format byte, the table and the primary key are authenticated but not encrypted, so a blob
// copied to another record, or to another table, fails its tag check instead of opening as
// someone else's data.
function associatedData(slot: BlobSlot): Uint8Array {
  const key = typeof slot.key === 'number' ? `n:${slot.key}` : `s:${slot.key}`;
  return utf8ToBytes(`obs-db/${FORMAT_VERSION}\u0000${slot.table}\u0000${key}`);
}

// IndexedDB hands back a Uint8Array, but one from another realm fails `instanceof`.
function asBytes(value: unknown): Uint8Array | undefined {
  if (value instanceof Uint8Array) return value;
  if (ArrayBuffer.isView(value))
    return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  return undefined;
}

function describe(slot: BlobSlot): string {
  return slot.table;
}

export function createRecordCipher(dataKey: Uint8Array): RecordCipher {
  if (!(dataKey instanceof Uint8Array) || dataKey.length !== KEY_BYTES) {
    throw new InvalidDataKeyError(dataKey instanceof Uint8Array ? dataKey.length : 0);
  }
  // Our own copy, so a caller who wipes or reuses its buffer cannot change the key under us.
  const key = Uint8Array.from(dataKey);
  let wiped = false;
  return {
    wipe() {
      key.fill(0);
      wiped = true;
    },
    seal(slot, value) {
      if (wiped) throw new StoreClosedError();
      const json = JSON.stringify(value);
      if (json === undefined) throw new TypeError('Only JSON values can be stored');
      // A random nonce per seal. NIST allows 2^32 random-nonce seals under one key; one user's
      // tablet writes orders of magnitude fewer.
      const nonce = randomBytes(NONCE_BYTES);
      const sealed = gcm(key, nonce, associatedData(slot)).encrypt(utf8ToBytes(json));
      return concatBytes(Uint8Array.of(FORMAT_VERSION), nonce, sealed);
    },
    open<T>(slot: BlobSlot, stored: Uint8Array): T {
      if (wiped) throw new StoreClosedError();
      const blob = asBytes(stored);
      if (!blob || blob.length < 1 + NONCE_BYTES + TAG_BYTES || blob[0] !== FORMAT_VERSION) {
        throw new DecryptionError(describe(slot));
      }
      let plain: Uint8Array;
      try {
        plain = gcm(key, blob.subarray(1, 1 + NONCE_BYTES), associatedData(slot)).decrypt(
          blob.subarray(1 + NONCE_BYTES),
        );
      } catch (cause) {
        throw new DecryptionError(describe(slot), { cause });
      }
      return JSON.parse(bytesToUtf8(plain)) as T;
    },
  };
}
