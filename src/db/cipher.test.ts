import { describe, expect, test } from 'vitest';
import { createRecordCipher, generateDataKey } from './cipher';
import { DecryptionError, InvalidDataKeyError, dbErrorCodes } from './errors';

const slot = { table: 'records', key: 'record-0001' };
const value = {
  synced: null,
  local: { 'summary.strengths': 'Warm and curious – “spoke to the child alone” ✓', score: 3 },
};

const latin1 = (bytes: Uint8Array) => Array.from(bytes, (b) => String.fromCharCode(b)).join('');

function expectUnreadable(fn: () => unknown) {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(DecryptionError);
  expect((caught as DecryptionError).code).toBe(dbErrorCodes.LOCAL_DATA_UNREADABLE);
}

describe('RecordCipher', () => {
  const cipher = createRecordCipher(generateDataKey());

  test('opens what it sealed', () => {
    expect(cipher.open(slot, cipher.seal(slot, value))).toEqual(value);
  });

  test('the plaintext is nowhere in the blob', () => {
    const blob = cipher.seal(slot, value);
    expect(latin1(blob)).not.toContain('spoke');
    expect(new TextDecoder().decode(blob)).not.toContain('spoke');
  });

  test('a fresh nonce each time: the same value never seals the same way twice', () => {
    const a = cipher.seal(slot, value);
    const b = cipher.seal(slot, value);
    expect(a).not.toEqual(b);
    expect(a.subarray(1, 13)).not.toEqual(b.subarray(1, 13));
  });

  test.each([
    ['the format byte', 0],
    ['the nonce', 5],
    ['the ciphertext', 20],
    ['the tag', -1],
  ])('a flipped bit in %s is detected', (_where, index) => {
    const blob = cipher.seal(slot, value);
    const at = index < 0 ? blob.length + index : index;
    blob[at] = (blob[at] as number) ^ 0x01;
    expectUnreadable(() => cipher.open(slot, blob));
  });

  test('a truncated blob is detected', () => {
    const blob = cipher.seal(slot, value);
    expectUnreadable(() => cipher.open(slot, blob.subarray(0, blob.length - 1)));
    expectUnreadable(() => cipher.open(slot, blob.subarray(0, 10)));
  });

  test('a blob is bound to its record: moved to another id or table, it does not open', () => {
    const blob = cipher.seal(slot, value);
    expectUnreadable(() => cipher.open({ table: 'records', key: 'record-0002' }, blob));
    expectUnreadable(() => cipher.open({ table: 'outbox', key: 'record-0001' }, blob));
    const numbered = cipher.seal({ table: 'outbox', key: 7 }, value);
    expectUnreadable(() => cipher.open({ table: 'outbox', key: '7' }, numbered));
    expectUnreadable(() => cipher.open({ table: 'outbox', key: 8 }, numbered));
  });

  test("another user's key cannot open it", () => {
    const blob = cipher.seal(slot, value);
    expectUnreadable(() => createRecordCipher(generateDataKey()).open(slot, blob));
  });

  test('the key is copied: wiping the caller’s buffer does not change it', () => {
    const key = generateDataKey();
    const own = createRecordCipher(key);
    const blob = own.seal(slot, value);
    key.fill(0);
    expect(own.open(slot, blob)).toEqual(value);
  });

  test('a key that is not 32 bytes is refused with a typed error', () => {
    expect(() => createRecordCipher(new Uint8Array(16))).toThrow(InvalidDataKeyError);
    expect(() => createRecordCipher(new Uint8Array(31))).toThrow(
      expect.objectContaining({ code: 'DATA_KEY_INVALID' }),
    );
  });
});
